//! A small SQL builder for queries whose shape depends on the input (search filters): text and
//! bound values are kept apart, and placeholders are numbered only when the query is run, so
//! fragments can be combined freely. Values are always bound, never spliced into the text.

use sqlx::{any::AnyRow, Any, AnyConnection, AnyPool};

#[derive(Clone, Debug)]
enum Part {
    Text(String),
    Arg(Arg),
}

#[derive(Clone, Debug)]
pub enum Arg {
    Int(i64),
    Text(String),
}

impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::Int(v)
    }
}

impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Text(v)
    }
}

#[derive(Clone, Debug, Default)]
pub struct Sql {
    parts: Vec<Part>,
}

impl Sql {
    pub fn new(text: &str) -> Sql {
        Sql {
            parts: vec![Part::Text(text.to_string())],
        }
    }

    pub fn push(&mut self, text: &str) -> &mut Self {
        self.parts.push(Part::Text(text.to_string()));
        self
    }

    /// Appends a placeholder for `value`.
    pub fn bind(&mut self, value: impl Into<Arg>) -> &mut Self {
        self.parts.push(Part::Arg(value.into()));
        self
    }

    pub fn append(&mut self, other: &Sql) -> &mut Self {
        self.parts.extend(other.parts.iter().cloned());
        self
    }

    /// `prefix` + this query + `suffix`.
    pub fn wrap(&self, prefix: &str, suffix: &str) -> Sql {
        let mut q = Sql::new(prefix);
        q.append(self).push(suffix);
        q
    }

    fn render(&self) -> (String, Vec<&Arg>) {
        let mut text = String::new();
        let mut args = Vec::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => text.push_str(t),
                Part::Arg(a) => {
                    args.push(a);
                    text.push_str(&format!("${}", args.len()));
                }
            }
        }
        (text, args)
    }

    fn query<'q>(
        text: &'q str,
        args: Vec<&'q Arg>,
    ) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
        let mut q = sqlx::query(text);
        for arg in args {
            q = match arg {
                Arg::Int(v) => q.bind(*v),
                Arg::Text(v) => q.bind(v.as_str()),
            };
        }
        q
    }

    pub async fn fetch_all(&self, pool: &AnyPool) -> Result<Vec<AnyRow>, sqlx::Error> {
        let (text, args) = self.render();
        Self::query(&text, args).fetch_all(pool).await
    }

    pub async fn fetch_scalar<T>(&self, pool: &AnyPool) -> Result<T, sqlx::Error>
    where
        T: for<'r> sqlx::Decode<'r, Any> + sqlx::Type<Any> + Send + Unpin,
    {
        use sqlx::Row;
        let (text, args) = self.render();
        Self::query(&text, args).fetch_one(pool).await?.try_get(0)
    }

    pub async fn execute(&self, conn: &mut AnyConnection) -> Result<u64, sqlx::Error> {
        let (text, args) = self.render();
        Ok(Self::query(&text, args)
            .execute(conn)
            .await?
            .rows_affected())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_across_combined_fragments() {
        let mut inner = Sql::new("SELECT id FROM t WHERE a = ");
        inner.bind(1_i64).push(" AND b = ").bind("x".to_string());
        let mut outer = Sql::new("SELECT * FROM u WHERE c = ");
        outer
            .bind(2_i64)
            .push(" AND id IN (")
            .append(&inner)
            .push(")");
        let (text, args) = outer.render();
        assert_eq!(
            text,
            "SELECT * FROM u WHERE c = $1 AND id IN (SELECT id FROM t WHERE a = $2 AND b = $3)"
        );
        assert_eq!(args.len(), 3);
    }
}
