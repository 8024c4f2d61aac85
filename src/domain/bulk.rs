//! Bulk price and stock updates: a CSV file of the seller's goods (the console's own download,
//! edited in a spreadsheet, or any file with an `id` column and a `price` or `stock` column), read
//! line by line and compared with the goods as they are. Nothing is applied while any line has a
//! problem; what is applied is applied at once (`service::seller::apply_bulk`).

use super::{
    catalog::{parse_price, Localized, MAX_STOCK},
    form::FieldProblem,
    ProductId, Won,
};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The largest file taken (some 5,000 lines of the console's download).
pub const MAX_BULK_BYTES: usize = 256 * 1024;
/// The most lines taken, the header's included.
pub const MAX_BULK_LINES: usize = 2_000;
/// A file's name is kept to this many characters.
pub const MAX_FILE_NAME: usize = 120;
/// The column names, in the console's download and in the files read back.
pub const HEADER: [&str; 5] = ["id", "name_ko", "name_en", "price", "stock"];

/// What is wrong with one line (the file is kept, and shown with every line's problem).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineProblem {
    /// Fewer cells than the header has columns.
    Cells,
    /// The `id` is none of the seller's products.
    NotYours,
    Price,
    Stock,
    /// The product is on an earlier line too.
    Twice,
    /// A different price from staff: only the seller's manager changes prices.
    ManagersOnly,
}

/// One line of a file as read: the product and the values it asks for (`None`: an empty cell,
/// which leaves the value as it is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Counted from 1, the header being line 1 (as a spreadsheet numbers it).
    pub line: u32,
    pub wanted: Result<Wanted, LineProblem>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wanted {
    pub product: ProductId,
    pub price: Option<Won>,
    pub stock: Option<u32>,
}

/// A product as it is now.
#[derive(Clone, Debug, PartialEq)]
pub struct Current {
    pub name: Localized,
    pub price: Won,
    pub stock: u32,
}

/// One line of the preview: a change, or a problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkLine {
    pub line: u32,
    pub product: Option<(ProductId, Localized)>,
    /// The price now and the price asked for, when they differ.
    pub price: Option<(Won, Won)>,
    /// The stock now and the stock asked for, when they differ.
    pub stock: Option<(u32, u32)>,
    pub problem: Option<LineProblem>,
}

/// A file compared with the goods as they are now: its changes and its problems, line by line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// The lines with a change or a problem, in the file's order.
    pub lines: Vec<BulkLine>,
    /// How many lines ask for what already is.
    pub unchanged: u32,
}

impl Comparison {
    pub fn problems(&self) -> usize {
        self.lines.iter().filter(|l| l.problem.is_some()).count()
    }

    pub fn changes(&self) -> usize {
        self.lines.iter().filter(|l| l.problem.is_none()).count()
    }

    /// What to write: each changed product's new price and stock (`None`: as it is). Empty while
    /// any line has a problem.
    pub fn to_apply(&self) -> Vec<(ProductId, Option<Won>, Option<u32>)> {
        if self.problems() > 0 {
            return Vec::new();
        }
        self.lines
            .iter()
            .filter_map(|l| {
                let (id, _) = l.product.as_ref()?;
                Some((*id, l.price.map(|(_, to)| to), l.stock.map(|(_, to)| to)))
            })
            .collect()
    }
}

/// The cells of a CSV text, line by line (RFC 4180: quoted cells may hold commas, doubled quotes
/// and line breaks), each record with the line it starts on. Blank lines are skipped.
fn records(text: &str) -> Result<Vec<(u32, Vec<String>)>, FieldProblem> {
    let mut out = Vec::new();
    let (mut record, mut cell) = (Vec::new(), String::new());
    let (mut line, mut start) = (1u32, 1u32);
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut any = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    cell.push(c);
                }
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.is_empty() => {
                quoted = true;
                any = true;
            }
            ',' => {
                record.push(std::mem::take(&mut cell));
                any = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                record.push(std::mem::take(&mut cell));
                if any || record.iter().any(|c| !c.trim().is_empty()) {
                    out.push((start, std::mem::take(&mut record)));
                }
                record.clear();
                any = false;
                line += 1;
                start = line;
            }
            _ => {
                cell.push(c);
                any = true;
            }
        }
    }
    if quoted {
        return Err(FieldProblem::BulkBroken);
    }
    record.push(cell);
    if any || record.iter().any(|c| !c.trim().is_empty()) {
        out.push((start, record));
    }
    Ok(out)
}

/// Reads a file (refused whole, with the reason, when it can't be read): its header names the columns (in any order; others are ignored), each further
/// line a product's `id` and the `price` (won, grouped or not) and `stock` it should have.
pub fn parse(bytes: &[u8]) -> Result<Vec<Row>, FieldProblem> {
    if bytes.len() > MAX_BULK_BYTES {
        return Err(FieldProblem::BulkTooLarge);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| FieldProblem::BulkNotText)?;
    // A spreadsheet saving "CSV UTF-8" starts with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.lines().count() > MAX_BULK_LINES {
        return Err(FieldProblem::BulkTooManyLines);
    }
    let mut records = records(text)?.into_iter();
    let (_, header) = records.next().ok_or(FieldProblem::BulkEmpty)?;
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let id = column("id").ok_or(FieldProblem::BulkHeader)?;
    let (price, stock) = (column("price"), column("stock"));
    if price.is_none() && stock.is_none() {
        return Err(FieldProblem::BulkHeader);
    }
    let needed = [Some(id), price, stock]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(id)
        + 1;
    let rows: Vec<Row> = records
        .map(|(line, cells)| {
            let wanted = if cells.len() < needed {
                Err(LineProblem::Cells)
            } else {
                wanted(&cells, id, price, stock)
            };
            Row { line, wanted }
        })
        .collect();
    if rows.is_empty() {
        return Err(FieldProblem::BulkEmpty);
    }
    Ok(rows)
}

fn wanted(
    cells: &[String],
    id: usize,
    price: Option<usize>,
    stock: Option<usize>,
) -> Result<Wanted, LineProblem> {
    let cell = |i: Option<usize>| {
        i.and_then(|i| cells.get(i))
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
    };
    let product = cells
        .get(id)
        .and_then(|c| c.trim().parse::<ProductId>().ok())
        .ok_or(LineProblem::NotYours)?;
    let price = cell(price)
        .map(|p| parse_price(p).map_err(|_| LineProblem::Price))
        .transpose()?;
    let stock = cell(stock)
        .map(|s| {
            s.parse::<u32>()
                .ok()
                .filter(|n| *n <= MAX_STOCK)
                .ok_or(LineProblem::Stock)
        })
        .transpose()?;
    Ok(Wanted {
        product,
        price,
        stock,
    })
}

/// Compares a file's rows with the seller's goods as they are (`current`; another seller's
/// product is not in it). `may_price`: the reader is the seller's manager, who alone changes
/// prices.
pub fn compare(rows: &[Row], current: &HashMap<ProductId, Current>, may_price: bool) -> Comparison {
    let mut seen = HashSet::new();
    let mut out = Comparison::default();
    for row in rows {
        let mut line = BulkLine {
            line: row.line,
            product: None,
            price: None,
            stock: None,
            problem: None,
        };
        match row.wanted {
            Err(problem) => line.problem = Some(problem),
            Ok(w) => match current.get(&w.product) {
                None => line.problem = Some(LineProblem::NotYours),
                Some(now) => {
                    line.product = Some((w.product, now.name.clone()));
                    line.price = w.price.filter(|p| *p != now.price).map(|p| (now.price, p));
                    line.stock = w.stock.filter(|s| *s != now.stock).map(|s| (now.stock, s));
                    if !seen.insert(w.product) {
                        line.problem = Some(LineProblem::Twice);
                    } else if line.price.is_some() && !may_price {
                        line.problem = Some(LineProblem::ManagersOnly);
                    }
                }
            },
        }
        if line.problem.is_none() && line.price.is_none() && line.stock.is_none() {
            out.unchanged += 1;
        } else {
            out.lines.push(line);
        }
    }
    out
}

/// The console's download: every one of the seller's goods with its price and stock, ready to
/// edit and read back with `parse`.
pub fn sheet<'a>(goods: impl IntoIterator<Item = (ProductId, &'a Localized, Won, u32)>) -> String {
    use super::sales::csv_text;
    let mut out = HEADER.join(",");
    out.push_str("\r\n");
    for (id, name, price, stock) in goods {
        out.push_str(&format!(
            "{id},{},{},{},{stock}\r\n",
            csv_text(&name.ko),
            csv_text(&name.en),
            price.as_decimal()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn goods() -> HashMap<ProductId, Current> {
        [(1, 1_000, 5), (2, 2_500, 0), (3, 700, 12)]
            .into_iter()
            .map(|(id, price, stock)| {
                let name = Localized::new(format!("상품 {id}"), format!("Good {id}"));
                let now = Current {
                    name,
                    price: Won::from_won(price),
                    stock,
                };
                (ProductId::new(id), now)
            })
            .collect()
    }

    fn problems(c: &Comparison) -> Vec<(u32, LineProblem)> {
        c.lines
            .iter()
            .filter_map(|l| Some((l.line, l.problem?)))
            .collect()
    }

    #[test]
    fn the_download_reads_back_as_no_change() {
        let goods = goods();
        let mut listed: Vec<_> = goods.iter().collect();
        listed.sort_by_key(|(id, _)| **id);
        let csv = sheet(
            listed
                .iter()
                .map(|(id, g)| (**id, &g.name, g.price, g.stock)),
        );
        let c = compare(&parse(csv.as_bytes()).expect("parses"), &goods, true);
        assert_eq!(c.unchanged, 3);
        assert!(c.lines.is_empty(), "{c:?}");
    }

    #[test]
    fn changes_are_read_from_named_columns_in_any_order() {
        let csv = "\u{feff}stock,ID,note,Price\r\n\
                   9,1,\"a note, with a comma\",\"1,200\"\r\n\
                   ,2,,\r\n\
                   \r\n\
                   0,3,\"two\nlines\",\n";
        let rows = parse(csv.as_bytes()).expect("parses");
        let c = compare(&rows, &goods(), true);
        assert_eq!(problems(&c), []);
        assert_eq!(c.unchanged, 1, "line 3 leaves product 2 alone");
        assert_eq!(
            c.to_apply(),
            [
                (ProductId::new(1), Some(Won::from_won(1_200)), Some(9)),
                (ProductId::new(3), None, Some(0)),
            ]
        );
        assert_eq!(
            c.lines[1].line, 5,
            "lines are numbered as a spreadsheet shows them"
        );
        assert_eq!(
            c.lines[0].price,
            Some((Won::from_won(1_000), Won::from_won(1_200)))
        );
    }

    #[test]
    fn every_bad_line_is_shown_and_nothing_is_applied() {
        let csv = "id,price,stock\n\
                   1,abc,4\n\
                   2,100,-1\n\
                   99,100,1\n\
                   x,100,1\n\
                   3\n\
                   3,800,1\n\
                   3,900,2\n";
        let c = compare(&parse(csv.as_bytes()).expect("parses"), &goods(), true);
        assert_eq!(
            problems(&c),
            [
                (2, LineProblem::Price),
                (3, LineProblem::Stock),
                (4, LineProblem::NotYours),
                (5, LineProblem::NotYours),
                (6, LineProblem::Cells),
                (8, LineProblem::Twice),
            ]
        );
        assert_eq!(c.changes(), 1);
        assert!(c.to_apply().is_empty());
    }

    #[test]
    fn staff_change_stock_but_not_prices() {
        let csv = "id,price,stock\n1,1000,6\n2,2600,1\n";
        let c = compare(&parse(csv.as_bytes()).expect("parses"), &goods(), false);
        assert_eq!(problems(&c), [(3, LineProblem::ManagersOnly)]);
        let c = compare(&parse(csv.as_bytes()).expect("parses"), &goods(), true);
        assert_eq!(c.to_apply().len(), 2);
    }

    #[test]
    fn files_that_cannot_be_read_are_refused_whole() {
        assert_eq!(parse(b"id,price\n1,\"100\n"), Err(FieldProblem::BulkBroken));
        assert_eq!(parse(b"name,price\nx,100\n"), Err(FieldProblem::BulkHeader));
        assert_eq!(parse(b"id,name\n1,x\n"), Err(FieldProblem::BulkHeader));
        assert_eq!(parse(b"id,stock\n\n"), Err(FieldProblem::BulkEmpty));
        assert_eq!(parse(b""), Err(FieldProblem::BulkEmpty));
        assert_eq!(
            parse(b"id,stock\n1,\xB0\xA1\n"),
            Err(FieldProblem::BulkNotText)
        );
        let long = "id,stock\n".to_string() + &"1,1\n".repeat(MAX_BULK_LINES);
        assert_eq!(parse(long.as_bytes()), Err(FieldProblem::BulkTooManyLines));
        assert_eq!(
            parse(&vec![b' '; MAX_BULK_BYTES + 1]),
            Err(FieldProblem::BulkTooLarge)
        );
    }
}
