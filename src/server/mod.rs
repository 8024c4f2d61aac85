//! Everything that only runs on the server: configuration, the database, services and HTTP.

pub mod access;
pub mod clock;
pub mod config;
pub mod cookies;
pub mod db;
pub mod demo;
pub mod forms;
pub mod http;
pub mod limits;
pub mod listen;
pub mod media;
pub mod metrics;
pub mod recording;
pub mod secret;
pub mod security;
pub mod service;
pub mod session;
pub mod shop;
pub mod startup;
pub mod state;
pub mod traffic;
pub mod upload;
pub mod visits;
