//! Integration tests: each starts the real application on a random port with a fresh database
//! in the shared embedded test cluster.

mod helpers;
mod mail;

mod access;
mod accounts;
mod attacks;
mod certificates;
mod certificates_jobs;
mod certificates_keys;
mod certificates_logo;
mod certificates_rule;
mod certificates_verify;
mod club;
mod club_events;
mod club_files;
mod club_files_sweep;
mod club_notify;
mod club_search;
mod colocation;
mod confirmations;
mod courses;
mod dashboards;
mod dashboards_cache;
mod dashboards_tables;

mod demo;
mod diagnostics;
mod embedded_db;
mod enrolment;
mod faults;
mod growth;
mod identification;
mod identification_clusters;
mod identification_speed;
mod identification_versions;
mod identify_cli;
mod invitations;
mod menu;
mod micro_courses;
mod operability;
mod platform;
mod row_level_security;
mod support;
mod support_chat;
mod support_dashboard;
mod support_documents;
mod support_files;
mod support_files_versions;
mod support_list;
mod support_monitoring;
mod support_roadmap;
mod support_team;
mod support_visits;
mod tenancy_pages;
