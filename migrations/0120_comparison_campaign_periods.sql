-- Campaign effects against comparable municipalities (issue 13): the comparison group is every municipality that ran no
-- registered campaign in the weeks measured. The national reader (0041) sums their daily counts; to leave out those that
-- ran a campaign it must see when campaigns ran, and nothing else of them: no names, codes, notes, areas or authors.
grant select (municipality_code, starts_on, ends_on, lag_days) on campaigns to meldpunt_national;
-- campaigns has row-level security (0004) for meldpunt_app only; the reader sees every municipality's periods.
create policy national_campaign_periods on campaigns for select to meldpunt_national using (true);
