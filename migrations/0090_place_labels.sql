-- Place names for staff lists: the nearest street and town of a grid cell's centre, looked up once per cell from the
-- place search upstream and kept, so page views and exports never ask it again. Not tenant data: streets are public.
create table place_labels (
  cell_id text primary key,
  -- Empty when nothing named is near (open water, fields), so such a cell is not asked about again either.
  label text not null,
  computed_at timestamptz not null default now()
);
