-- The received-at index of 0060 led with municipality_code, like the primary key (municipality_code, id). Planned
-- while reports is empty, the foreign-key checks of receipts and report_additions (municipality_code = $1 and
-- id = $2) cost the same on either index, and a backend that planned them then kept walking every report of the
-- municipality by received_at for each new receipt: intake slowed as the table grew (bench/ingest, autovacuum off).
-- Leading with received_at, the index still serves the quarter freeze (a received_at range, municipality checked in
-- the index) and can no longer stand in for the primary key.
drop index if exists reports_municipality_received_idx;
create index reports_received_municipality_idx on reports (received_at, municipality_code);
