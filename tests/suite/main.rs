//! The integration tests: one binary (one link, one template database per backend for them all),
//! each module a capability, every test on its own database (most on SQLite and on PostgreSQL:
//! `on_both_databases!`).

#[macro_use]
mod common;

mod access;
mod accounts;
mod admission;
mod architecture;
mod bank;
mod bulk;
mod catalog;
mod compare;
mod concurrency;
mod delivery;
mod food;
mod food_orders;
mod forms;
mod fuzz;
mod hardening;
mod hostile;
mod http;
mod limits;
mod listings;
mod migrations;
mod operator;
mod orders;
mod people;
mod pictures;
mod recordings;
mod review_pictures;
mod reviews;
mod sales;
mod search;
mod setup;
mod staff;
mod standing;
mod startup;
mod withheld;
