-- Changing the e-mail address: the new address is confirmed by a link sent to it.

alter table email_tokens add column new_email text check (new_email = lower(btrim(new_email)));

alter table email_tokens drop constraint email_tokens_purpose_check;
alter table email_tokens add constraint email_tokens_purpose_check
    check (purpose in ('confirm_email', 'reset_password', 'invitation', 'change_email'));
