-- Operators manage the people of their region: invitations, roles, deactivation per region.

alter table memberships add column active boolean not null default true;

alter table email_tokens drop constraint email_tokens_purpose_check;
alter table email_tokens add constraint email_tokens_purpose_check
    check (purpose in ('confirm_email', 'reset_password', 'invitation'));
