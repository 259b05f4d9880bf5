-- The support case list is kept per reader under the same data version as the summary
-- (`support::dashboard::cache`). Two more things it shows change that version: who is on a
-- school's team (a team member sees the case), and a person's name (the curator column; a name is
-- not a region's, so the change bumps the global counter every region reads).
create constraint trigger support_team_support_touch after insert or update or delete on support_team
    deferrable initially deferred for each row execute function rost_support_touch();
create constraint trigger users_name_dash_touch after update of full_name on users
    deferrable initially deferred for each row execute function rost_dash_touch();
