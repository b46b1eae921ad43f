-- Issue 13, point 6: who the offenders were, as far as the reporter saw. Three optional answers from one skippable
-- screen; nullable, so every existing report and every skipped screen is simply "not said".
alter table reports add column offender_count text check (offender_count in ('one', 'two-three', 'group'));
alter table reports add column offender_age text check (offender_age in ('under-18', '18-30', 'over-30', 'unknown'));
alter table reports add column offender_known text check (offender_known in ('no', 'by-sight', 'yes'));
