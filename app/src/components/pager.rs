//! Links to the pages of a long list (a thread's posts, a region's support cases).

use leptos::prelude::*;

/// Links to pages 1‥`pages` (see [`pager_pages`]); page `p` is `{base}page={p}`, so `base` ends
/// in `?` or `&` and keeps the list's filters.
#[component]
pub fn Pager(base: String, page: i32, pages: i32, label: &'static str) -> impl IntoView {
    let links = pager_pages(page, pages)
        .into_iter()
        .map(|p| match p {
            Some(p) => {
                let current = p == page;
                view! { <a href=format!("{base}page={p}") aria-current=current.then_some("page")>{p}</a> " " }
                    .into_any()
            }
            None => view! { <span class="muted">"… "</span> }.into_any(),
        })
        .collect_view();
    view! { <nav class="pager" aria-label=label>{links}</nav> }
}

/// The pages the pager links: the first, the last and two on each side of the current one, with
/// `None` for a gap, so a list of 250 pages links a dozen, not 250.
fn pager_pages(current: i32, pages: i32) -> Vec<Option<i32>> {
    let mut shown: Vec<Option<i32>> = Vec::new();
    for p in 1..=pages {
        if p == 1 || p == pages || (p - current).abs() <= 2 {
            if shown
                .last()
                .is_some_and(|last| last.is_some_and(|last| last + 1 < p))
            {
                shown.push(None);
            }
            shown.push(Some(p));
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::pager_pages;

    #[test]
    fn the_pager_links_the_ends_and_the_neighbours() {
        assert_eq!(pager_pages(1, 3), vec![Some(1), Some(2), Some(3)]);
        assert_eq!(
            pager_pages(10, 250),
            vec![
                Some(1),
                None,
                Some(8),
                Some(9),
                Some(10),
                Some(11),
                Some(12),
                None,
                Some(250)
            ]
        );
        assert_eq!(
            pager_pages(2, 6),
            vec![Some(1), Some(2), Some(3), Some(4), None, Some(6)]
        );
    }
}
