//! A page's data, loaded on the server before the page is sent, and shown — or the error page in
//! its place. Every route renders with `SsrMode::Async` (the status code and every byte are final
//! before the first byte leaves), so there is no loading state to show: no fallback.

use crate::{error::AppError, ui::errors::ErrorPage};
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};
use std::{future::Future, sync::Arc};

/// Loads `fetch` and shows its data with `show`, or the page for its error (which also sets the
/// response's status).
pub fn load<T, V>(
    fetch: impl Future<Output = Result<T, AppError>> + Send + 'static,
    show: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    let data = OnceResource::new(fetch);
    let show = Arc::new(show);
    view! {
        <Suspense>
            {move || {
                let show = show.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(data) => show(data).into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
