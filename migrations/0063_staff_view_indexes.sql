-- Staff views over a large municipality.
--
-- "Reports in this cell": the stored 100 m cell of every report, by day. The index leads with the cell, not the
-- municipality: an index that leads with municipality_code can stand in for the primary key in the foreign-key checks
-- of receipts when they are planned on an empty table (see 0062), and cells are national RD numbers anyway.
create index reports_cell_day_idx on reports (cell_x, cell_y, municipality_code, local_day);

-- The national overview reads the daily hour rollup of every municipality for one quarter: by day, not by
-- municipality first.
create index rollup_hour_day_day_idx on rollup_hour_day (day, municipality_code);
