//! DRF-style pagination: `?page=1&page_size=50`, at most 200 a page.

use crate::error::{Error, Result};

pub const DEFAULT_PAGE_SIZE: u32 = 50;
pub const MAX_PAGE_SIZE: u32 = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    page: u32,
    page_size: u32,
}

impl PageRequest {
    /// Validates the page (≥ 1) and page size (1–200; default 50).
    pub fn new(page: Option<i64>, page_size: Option<i64>) -> Result<Self> {
        let page = page.unwrap_or(1);
        if page < 1 || page > i64::from(u32::MAX) {
            return Err(Error::invalid("page", "Must be a positive integer."));
        }
        let page_size = page_size.unwrap_or(i64::from(DEFAULT_PAGE_SIZE));
        if !(1..=i64::from(MAX_PAGE_SIZE)).contains(&page_size) {
            return Err(Error::invalid(
                "page_size",
                format!("Must be between 1 and {MAX_PAGE_SIZE}."),
            ));
        }
        Ok(Self {
            page: page as u32,
            page_size: page_size as u32,
        })
    }

    pub fn page(&self) -> u32 {
        self.page
    }

    pub fn page_size(&self) -> u32 {
        self.page_size
    }

    pub fn limit(&self) -> i64 {
        i64::from(self.page_size)
    }

    pub fn offset(&self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.page_size)
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        Self {
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

/// One page of results and the total count of the filtered list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub count: i64,
    pub items: Vec<T>,
    pub request: PageRequest,
}

impl<T> Page<T> {
    pub fn has_next(&self) -> bool {
        self.request.offset() + (self.items.len() as i64) < self.count
    }

    pub fn has_previous(&self) -> bool {
        self.request.page > 1
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            count: self.count,
            items: self.items.into_iter().map(f).collect(),
            request: self.request,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_enforced() {
        assert!(PageRequest::new(Some(0), None).is_err());
        assert!(PageRequest::new(Some(-3), None).is_err());
        assert!(PageRequest::new(None, Some(0)).is_err());
        assert!(PageRequest::new(None, Some(201)).is_err());
        let req = PageRequest::new(Some(3), Some(20)).unwrap();
        assert_eq!((req.offset(), req.limit()), (40, 20));
        assert_eq!(
            PageRequest::new(None, None).unwrap(),
            PageRequest::default()
        );
    }

    #[test]
    fn next_and_previous() {
        let request = PageRequest::new(Some(2), Some(10)).unwrap();
        let page = Page {
            count: 25,
            items: vec![0; 10],
            request,
        };
        assert!(page.has_next() && page.has_previous());
        let last = Page {
            count: 20,
            items: vec![0; 10],
            request,
        };
        assert!(!last.has_next());
    }
}
