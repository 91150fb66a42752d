-- Approver groups learned from the `groups` claim of authenticated users (issue 15): one row per
-- user and group as of that user's latest request carrying the claim. Added to the configured
-- membership (pilot.directory) when an approval step resolves its groups.
create table learned_group_members (
    user_name  text        not null,
    group_name text        not null,
    seen_at    timestamptz not null default now(),
    primary key (group_name, user_name)
);

create index learned_group_members_user on learned_group_members (user_name);
