//! Cells merged into the fewest rectangles, so the painter's cost follows the number of rows
//! drawn, not the number of cells (a 64×64 output is ~5,000 cells; a canvas call each is slow).

use super::Cell;

/// Equal-size cells side by side in one row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Run {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub size: f64,
}

/// Runs stacked directly below each other with the same columns: a grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Block {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// Side of one cell: grid lines every `size`.
    pub size: f64,
}

/// The cells `keep` accepts, consecutive ones merged into runs while each touches the previous
/// one on its right. (`keep` is a trait object so one copy of this loop serves every caller.)
pub fn runs(cells: &[Cell], keep: &dyn Fn(&Cell) -> bool) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for cell in cells.iter().filter(|c| keep(c)) {
        match runs.last_mut() {
            Some(run) if run.y == cell.y && run.size == cell.size && run.x + run.w == cell.x => run.w += cell.size,
            _ => runs.push(Run { x: cell.x, y: cell.y, w: cell.size, size: cell.size }),
        }
    }
    runs
}

/// Consecutive runs merged into blocks while each sits directly below the previous with the same columns.
pub fn blocks(runs: &[Run]) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for run in runs {
        match blocks.last_mut() {
            Some(b) if b.x == run.x && b.w == run.w && b.size == run.size && b.y + b.h == run.y => b.h += run.size,
            _ => blocks.push(Block { x: run.x, y: run.y, w: run.w, h: run.size, size: run.size }),
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::{Place, Tone};

    fn cell(x: f64, y: f64) -> Cell {
        Cell { x, y, size: 10.0, tone: Tone::Output, place: Place::Legend(0), number: None, ring: false }
    }

    #[test]
    fn a_grid_becomes_one_block_and_gaps_split_it() {
        let grid: Vec<Cell> =
            (0..3).flat_map(|r| (0..4).map(move |c| cell(c as f64 * 10.0, r as f64 * 10.0))).collect();
        let runs = runs(&grid, &|_| true);
        assert_eq!(runs.len(), 3);
        assert_eq!(blocks(&runs), vec![Block { x: 0.0, y: 0.0, w: 40.0, h: 30.0, size: 10.0 }]);
        let apart = [cell(0.0, 0.0), cell(20.0, 0.0), cell(30.0, 0.0)];
        assert_eq!(super::runs(&apart, &|_| true).len(), 2);
        assert_eq!(super::runs(&grid, &|c| c.x < 20.0).len(), 3, "two cells of each row");
    }
}
