-- Inhabitants per municipality, for reports per 10,000 inhabitants in the national view. Only figures we can source are
-- entered; every other municipality keeps population null and the view shows no rate for it rather than a guessed one.

-- Municipalities are loaded after migrations on a fresh database (loadMunicipalities), so an update here alone would
-- find no rows: the figures live in this reference table, the loader copies them into new rows, and the update below
-- fills rows that were already loaded. A later census is a new migration adding rows with a later reference date.
create table municipality_populations (
  code text not null check (code ~ '^GM[0-9]{4}$'),
  reference_date date not null,
  population integer not null check (population > 0),
  source text not null,
  primary key (code, reference_date)
);

insert into municipality_populations (code, reference_date, population, source) values
  ('GM0363', '2024-01-01', 931298, 'CBS, bevolking op 1 januari 2024'),
  ('GM0344', '2024-01-01', 374238, 'CBS, bevolking op 1 januari 2024');

update municipalities m set population = p.population
from (select distinct on (code) code, population from municipality_populations order by code, reference_date desc) p
where p.code = m.code;
