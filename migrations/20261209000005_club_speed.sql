-- Search ranks a bounded set of candidates (issue 14, «Speed»): for a word found in most posts
-- the newest matches are read backwards along this index instead of ranking every match.
create index club_posts_recent on club_posts (club_id, created_at desc) where hidden_reason is null;
