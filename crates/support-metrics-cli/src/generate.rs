//! `support-metrics generate`: the core's deterministic demo data set written as the
//! canonical input files.

use std::path::Path;

use support_metrics::calendar::format_instant;
use support_metrics::demo::{demo, DemoOptions};
use support_metrics::interaction::write_summary_csv;
use support_metrics::survey::write_surveys_csv;

use crate::cli::GenerateArgs;
use crate::fail::{Failure, EXIT_OK};

pub fn run(a: &GenerateArgs) -> Result<u8, Failure> {
    let d = demo(&DemoOptions {
        interactions: a.n,
        seed: a.seed,
    })
    .map_err(|e| Failure::core(&e, None))?;
    let dir = a.out.display().to_string();
    std::fs::create_dir_all(&a.out).map_err(|e| Failure::io(&dir, "create the directory", &e))?;
    let write = |name: &str, text: &str| -> Result<(), Failure> {
        let path = Path::new(&a.out).join(name);
        std::fs::write(&path, text)
            .map_err(|e| Failure::io(&path.display().to_string(), "write the file", &e))
    };
    write("interactions.csv", &write_summary_csv(&d.interactions))?;
    write("surveys.csv", &write_surveys_csv(&d.surveys))?;
    write("calendar.json", &d.calendar)?;
    write("policies.json", &d.policies)?;
    eprintln!(
        "{dir}: {} interactions, {} survey answers; report them --as-of {}",
        d.interactions.len(),
        d.surveys.len(),
        format_instant(d.as_of)
    );
    Ok(EXIT_OK)
}
