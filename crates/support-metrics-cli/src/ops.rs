//! `support-metrics ops`: the operation table of the core (`api::OPS`).

use serde_json::{json, Value};
use support_metrics::api;

use crate::cli::OpsArgs;
use crate::fail::{Failure, EXIT_OK};
use crate::io::Output;

pub fn run(a: &OpsArgs) -> Result<u8, Failure> {
    let mut out = Output::new(None)?;
    if a.json {
        let ops: Vec<Value> = api::OPS
            .iter()
            .map(|op| {
                let args: Vec<Value> = op
                    .args()
                    .map(|(name, required)| json!({"name": name, "required": required}))
                    .collect();
                json!({"name": op.name, "area": op.area, "args": args, "summary": op.summary})
            })
            .collect();
        out.line(&Value::Array(ops).to_string())?;
    } else {
        let mut area = "";
        for op in api::OPS {
            if op.area != area {
                if !area.is_empty() {
                    out.line("")?;
                }
                area = op.area;
                out.line(&format!("{area}:"))?;
            }
            out.line(&format!("  {}({})", op.name, op.args_text))?;
            out.line(&format!("      {}", op.summary))?;
        }
        out.line("")?;
        out.line("Arguments marked `?` are optional. Call one with: support-metrics call OP '{\"arg\": ...}'")?;
    }
    out.flush()?;
    Ok(EXIT_OK)
}
