-- Runs once, when the compose stack's PostgreSQL volume is initialised (docker-entrypoint-initdb.d).
-- Same layout as deploy/local/src/postgres.ts: migrations run as the database owner, the platform as
-- finpersona_app, which is no superuser and cannot bypass row-level security. Local passwords only.
create role finpersona_owner with login nosuperuser nobypassrls nocreaterole password 'finpersona_owner_local';
create role finpersona_app with login nosuperuser nobypassrls nocreaterole password 'finpersona_app_local';
create database finpersona owner finpersona_owner;
revoke all on database finpersona from public;
grant connect, temporary on database finpersona to finpersona_app;
\connect finpersona
revoke create on schema public from public;
grant usage on schema public to finpersona_app;
