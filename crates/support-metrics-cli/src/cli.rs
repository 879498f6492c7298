//! The command line's grammar (clap derive): one subcommand per task, each in its own module.
//! A new subcommand (`report`, `sla`, `validate`, ...) is one more variant of [`Command`], one
//! `*Args` struct here and one module with a `run(args) -> Result<u8, Failure>`.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand};

use crate::fail::EXIT_CODES_HELP;

const CALL_LONG: &str = "Call one core operation with JSON arguments, or many as JSON Lines.\n\n\
    One call: `support-metrics call OP ARGS` prints the operation's JSON answer on one line. \
    ARGS is a JSON object of named arguments (see `support-metrics ops`), `@FILE` to read it \
    from a file, or `-` (or nothing) to read it from stdin. An error of the core exits with 3 \
    and prints `message [code]` on stderr.\n\n\
    Many calls: `support-metrics call --jsonl` reads one request per line, \
    {\"id\": any (optional), \"op\": \"...\", \"args\": {...} (optional)}, from stdin or \
    `--input FILE` and writes one line per request, in order: {\"id\": ..., \"ok\": answer} or \
    {\"id\": ..., \"error\": {\"code\", \"family\", \"message\", \"line\"}}. Blank lines are \
    skipped; a malformed line gets an error line naming its line number. Errors are answers: \
    the exit code is 0 unless the input cannot be read.";

const CALENDAR_LONG: &str = "Business time on a calendar (a JSON document, docs/calendars.md).\n\n\
    Exactly one form:\n  \
    --start T --end T     the business seconds in [start, end)\n  \
    --start T --add S     the deadline: the latest instant with S business seconds after T\n  \
    --at T                whether the calendar is open at T, its next opening and closing\n  \
    --input pairs.csv     a CSV with columns `start,end` (others are ignored): writes the CSV \
    `start,end,business_seconds,error`, one row per input row, in order.\n\n\
    Instants are RFC 3339 with an offset; answers are in UTC (`Z`). In the CSV an empty start \
    or end is a missing value (empty business_seconds, no error); a bad row gets its error in the \
    `error` column (`code: message`), a `FILE:LINE:COLUMN` line on stderr, and makes the exit \
    code 3 once the whole output is written (0 with --allow-row-errors).";

const STAFFING_LONG: &str = "Erlang C staffing (support_metrics::erlang::staffing_plan).\n\n\
    From a forecast: --input forecast.csv with columns `calls,aht_seconds` (calls arriving in \
    each interval and their average handle time in seconds; other columns are ignored). For one \
    interval: --calls N --aht-seconds S.\n\n\
    Output: the CSV `calls,aht_seconds,traffic_erlangs,agents,agents_fractional,\
    scheduled_agents,service_level,asa_seconds,occupancy,limited_by,error`, one row per \
    forecast row, in order (--json for the one-interval form prints the core's Staffing object). \
    `agents` is the smallest whole number of agents on the phones that meets the target, \
    `agents_fractional` the same on Erlang C's continuous extension, `scheduled_agents` the \
    agents to schedule after shrinkage, `service_level`, `asa_seconds` and `occupancy` what \
    Erlang C predicts with `agents`, `limited_by` which constraint decided (service_level, \
    occupancy, no_traffic). A bad row gets its error in the `error` column (`code: message`), a \
    `FILE:LINE:COLUMN` line on stderr, and makes the exit code 3 once the whole output is \
    written (0 with --allow-row-errors).";

const VALIDATE_LONG: &str = "Check input files without computing any metric.\n\n\
    Give any of --interactions (a summary CSV, or JSON Lines when the name ends in .jsonl or \
    .ndjson), --events with --event-map (an event log CSV and its mapping), --surveys (a \
    surveys CSV), --calendar (a calendar JSON document) and --policies (SLA policies, TOML \
    when the name ends in .toml, JSON otherwise). For each file it prints \
    every data-quality finding as `FILE:LINE:COLUMN: message [code]` and then a summary line \
    (rows read and rejected, or `valid` / `invalid` for a document), all on stdout; --json \
    prints one JSON report instead: {\"files\": [{\"path\", \"kind\", \"rows_read\", \
    \"rows_rejected\", \"findings\": [...]}]}.\n\n\
    Exit 0 when there are no findings, 3 when a row was rejected or a file is invalid (a \
    malformed CSV, a missing column, an invalid document), 4 when a file cannot be read. \
    --strict stops at the first bad row: it is printed as an error on stderr (exit 3).";

const SLA_LONG: &str =
    "Per-interaction SLA states (support_metrics::sla::SlaPolicies::evaluate).\n\n\
    Reads the interactions (a summary CSV, or JSON Lines when the name ends in .jsonl or \
    .ndjson), the SLA policies (TOML when the name ends in .toml, JSON otherwise) and the \
    calendar, and evaluates every interaction as of --as-of (RFC 3339 with an offset, or `now` \
    for the system clock). Output: the CSV `id,policy,metric,time,state,target_seconds,\
    elapsed_seconds,deadline,remaining_seconds,breached_at,overshoot_seconds,cycles`, one row \
    per interaction and target outcome, in input order; instants in UTC, empty for none. An \
    interaction that no policy matches gets one row with empty policy and metric; one whose \
    policy has no target outcome (a next-reply target without a follow-up) one row with its \
    policy and an empty metric.\n\n\
    A rejected input row is reported on stderr at its FILE:LINE:COLUMN and makes the exit code \
    3 once the whole output is written (0 with --allow-row-errors).";

const REPORT_LONG: &str = "The quality report (support_metrics::report::report).\n\n\
    Inputs: --interactions (the summary CSV, or JSON Lines when the name ends in .jsonl or \
    .ndjson) or --events with --event-map (an event log CSV, one row per event, and its \
    mapping of columns and activities, JSON or TOML), --surveys (the surveys CSV: interaction_id,kind,score,responded_at), --calendar \
    (a calendar JSON document; required), --policies (SLA policies, TOML when the name ends in \
    .toml, JSON otherwise), --options (the core's ReportOptions as JSON: every definition, \
    preset and target; the flags below override it). Or --demo: the built-in demo data set \
    (a Moscow help desk's quarter, generated in code; --demo-size and --seed change it).\n\n\
    Output: a readable table on stdout (default), --json (the core's Report object), --csv \
    (one row per figure: section,group,key,metric,value,lower,upper,n), and/or --html FILE \
    (one self-contained page with SVG charts). The data-quality section lists every rejected \
    or suspicious row at FILE:LINE:COLUMN; --strict makes the first bad row an error (exit 3). \
    Rejected rows otherwise leave the exit code at 0: they are reported, never dropped \
    silently. With more than 20 MB of input and stderr on a terminal, a progress line on \
    stderr shows the phase.";

const GENERATE_LONG: &str = "Deterministic demo files (support_metrics::demo).\n\n\
    Writes interactions.csv (the summary CSV), surveys.csv, calendar.json and policies.json \
    into --out (created when missing): N interactions of a Moscow help desk's quarter \
    (October-December 2026) with agents, channels, topics, priorities, repeat customers, \
    survey answers and re-ratings. The same --n and --seed give the same files on every \
    machine. Report them with `support-metrics report --interactions DIR/interactions.csv \
    --surveys DIR/surveys.csv --calendar DIR/calendar.json --policies DIR/policies.json \
    --as-of 2026-12-31T21:00:00Z`.";

#[derive(Debug, Parser)]
#[command(
    name = "support-metrics",
    version,
    about = "Customer-support metrics from the support-metrics core: its operations, business \
             calendars and Erlang staffing, over files and pipes.",
    long_about = "Customer-support metrics from the support-metrics core: its operations, \
                  business calendars and Erlang staffing, over files and pipes.\n\n\
                  Every number comes from the same Rust core as the Python and JavaScript \
                  packages; this program only reads, calls and formats. Instants are RFC 3339 \
                  with an offset (2026-03-02T09:30:00Z, 2026-03-02T12:30:00+03:00); calendars are \
                  the JSON documents of docs/calendars.md. See docs/cli.md.",
    after_help = EXIT_CODES_HELP,
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every operation `call` knows: name, arguments, summary.
    #[command(after_help = EXIT_CODES_HELP)]
    Ops(OpsArgs),
    /// Call one core operation with JSON arguments, or many as JSON Lines (`--jsonl`).
    #[command(after_help = EXIT_CODES_HELP, long_about = CALL_LONG)]
    Call(CallArgs),
    /// Business time on a calendar: seconds between two instants, a deadline, open or closed,
    /// or business seconds for every row of a CSV of pairs.
    #[command(after_help = EXIT_CODES_HELP, long_about = CALENDAR_LONG)]
    Calendar(CalendarArgs),
    /// Erlang C staffing: agents needed per interval of a forecast CSV, or for one interval.
    #[command(after_help = EXIT_CODES_HELP, long_about = STAFFING_LONG)]
    Staffing(StaffingArgs),
    /// Check input files (interactions, surveys, calendar, SLA policies) without computing
    /// anything: rows read, rows rejected, every finding with its position.
    #[command(after_help = EXIT_CODES_HELP, long_about = VALIDATE_LONG)]
    Validate(ValidateArgs),
    /// Per-interaction SLA states as of an instant: one CSV row per interaction and target.
    #[command(after_help = EXIT_CODES_HELP, long_about = SLA_LONG)]
    Sla(SlaArgs),
    /// The quality report of interactions and surveys: KPIs with intervals and targets,
    /// breakdowns, trend, distributions, data quality; as a table, JSON, CSV or HTML.
    #[command(after_help = EXIT_CODES_HELP, long_about = REPORT_LONG)]
    Report(Box<ReportArgs>),
    /// The KPI scorecard: first response and resolution times, resolution rate, backlog, SLA
    /// compliance, CSAT, NPS and CES, in total and by agent (the report's figures of those
    /// names, computed from columns); as a table or JSON.
    #[command(name = "kpi-scorecard", after_help = EXIT_CODES_HELP, long_about = KPI_LONG)]
    KpiScorecard(KpiArgs),
    /// Write deterministic demo files of any size: interactions, surveys, calendar, policies.
    #[command(after_help = EXIT_CODES_HELP, long_about = GENERATE_LONG)]
    Generate(GenerateArgs),
}

const KPI_LONG: &str = "The KPI scorecard (support_metrics::kpi): business-hours first response and full resolution times, resolution rate, backlog, SLA compliance of the first-reply and resolution targets, CSAT, NPS and CES, in total and by agent (or --by). Every figure is the `report` figure of the same name on the same rows, computed from the rows' columns without the report's other figures (the `kpi_scorecard` operation of `call`, Python and JS).

Inputs: --interactions (the summary CSV), --surveys (the surveys CSV), --calendar (required), --policies (TOML when the name ends in .toml, JSON otherwise), --options (the report's options as JSON), --as-of (required, or the demo's end of quarter). Or --demo. Rejected rows are findings (counted, listed on the table's end), not errors; the exit code stays 0.";

#[derive(Debug, Args)]
pub struct KpiArgs {
    /// Use the built-in demo data set instead of input files.
    #[arg(long, conflicts_with_all = ["interactions", "surveys", "calendar", "policies"])]
    pub demo: bool,
    /// Interactions in the demo data set.
    #[arg(long, value_name = "N", default_value_t = 6000, requires = "demo")]
    pub demo_size: u64,
    /// Seed of the demo data set.
    #[arg(long, value_name = "S", default_value_t = 2026, requires = "demo")]
    pub seed: u64,
    /// Summary rows of interactions: a CSV (docs/formats.md).
    #[arg(long, value_name = "FILE", required_unless_present = "demo")]
    pub interactions: Option<PathBuf>,
    /// Survey responses: a CSV with interaction_id,kind,score,responded_at.
    #[arg(long, value_name = "FILE")]
    pub surveys: Option<PathBuf>,
    /// The business calendar: a JSON file as documented in docs/calendars.md.
    #[arg(long, value_name = "FILE", required_unless_present = "demo")]
    pub calendar: Option<PathBuf>,
    /// SLA policies: TOML when the name ends in .toml, JSON otherwise.
    #[arg(long, value_name = "FILE")]
    pub policies: Option<PathBuf>,
    #[command(flatten)]
    pub definitions: Definitions,
    /// Print the core's KpiScorecard object as JSON instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Write the table or JSON to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct OpsArgs {
    /// Print a JSON array of {name, area, args: [{name, required}], summary} instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CallArgs {
    /// The operation's name, as listed by `support-metrics ops` (e.g. business_seconds).
    #[arg(required_unless_present = "jsonl")]
    pub op: Option<String>,
    /// The arguments: a JSON object, `@FILE` to read them from FILE, or `-` (the default) to
    /// read them from stdin.
    #[arg(value_name = "ARGS", allow_hyphen_values = true)]
    pub args: Option<String>,
    /// Pretty-print the JSON answer (one call only).
    #[arg(long, conflicts_with = "jsonl")]
    pub pretty: bool,
    /// Read JSON Lines requests and answer each on its own line (see above).
    #[arg(long, conflicts_with_all = ["op", "args"])]
    pub jsonl: bool,
    /// With --jsonl: read the requests from FILE instead of stdin.
    #[arg(long, value_name = "FILE", requires = "jsonl")]
    pub input: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("mode").required(true).args(["end", "add", "at", "input"])))]
pub struct CalendarArgs {
    /// The calendar: a JSON file as documented in docs/calendars.md.
    #[arg(long, value_name = "FILE")]
    pub calendar: PathBuf,
    /// The start instant (RFC 3339 with an offset), with --end or --add.
    #[arg(long, value_name = "T", conflicts_with_all = ["at", "input"])]
    pub start: Option<String>,
    /// The end instant: print the business seconds in [start, end).
    #[arg(long, value_name = "T", requires = "start")]
    pub end: Option<String>,
    /// Business seconds to add to --start: print the deadline.
    #[arg(
        long,
        value_name = "SECONDS",
        requires = "start",
        conflicts_with = "end",
        allow_hyphen_values = true
    )]
    pub add: Option<f64>,
    /// Print whether the calendar is open at T, and its next opening and closing.
    #[arg(long, value_name = "T", conflicts_with_all = ["start", "input"])]
    pub at: Option<String>,
    /// A CSV of pairs with columns `start` and `end`: print a CSV of business seconds.
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// With --input: write the CSV to FILE instead of stdout.
    #[arg(long, value_name = "FILE", requires = "input")]
    pub output: Option<PathBuf>,
    /// With --input: exit 0 even when some rows have errors (they are still reported).
    #[arg(long, requires = "input")]
    pub allow_row_errors: bool,
    /// Print one JSON object instead of plain text (the one-pair forms).
    #[arg(long, conflicts_with = "input")]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("form").required(true).args(["input", "calls"])))]
pub struct StaffingArgs {
    /// A forecast CSV with columns `calls` and `aht_seconds`, one row per interval.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["calls", "aht_seconds"])]
    pub input: Option<PathBuf>,
    /// One interval: the calls expected in it.
    #[arg(
        long,
        value_name = "N",
        requires = "aht_seconds",
        allow_hyphen_values = true
    )]
    pub calls: Option<f64>,
    /// One interval: the average handle time of its calls, seconds.
    #[arg(long, value_name = "S", requires = "calls", allow_hyphen_values = true)]
    pub aht_seconds: Option<f64>,
    /// The length of each interval: 15m, 30m or 60m.
    #[arg(long, value_name = "LENGTH", default_value = "30m")]
    pub interval: String,
    /// Target service level, strictly between 0 and 1 (0.8 for 80/20).
    #[arg(
        long,
        value_name = "FRACTION",
        default_value_t = 0.8,
        allow_hyphen_values = true
    )]
    pub service_level: f64,
    /// Answer-time threshold of the service level, seconds (20 for 80/20).
    #[arg(
        long,
        value_name = "S",
        default_value_t = 20.0,
        allow_hyphen_values = true
    )]
    pub threshold_seconds: f64,
    /// Highest acceptable occupancy (traffic / agents), in (0, 1]; 1 means no limit.
    #[arg(
        long,
        value_name = "FRACTION",
        default_value_t = 1.0,
        allow_hyphen_values = true
    )]
    pub max_occupancy: f64,
    /// Fraction of paid time agents cannot take calls, in [0, 1): scheduled agents =
    /// agents / (1 - shrinkage).
    #[arg(
        long,
        value_name = "FRACTION",
        default_value_t = 0.0,
        allow_hyphen_values = true
    )]
    pub shrinkage: f64,
    /// The most agents on the phones that may be proposed; a row needing more is an
    /// `unstaffable` error.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_agents: u32,
    /// With --input: write the CSV to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With --input: exit 0 even when some rows have errors (they are still reported).
    #[arg(long, requires = "input")]
    pub allow_row_errors: bool,
    /// One-interval form: print the core's Staffing object as JSON instead of CSV.
    #[arg(long, conflicts_with = "input")]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("files")
        .required(true)
        .multiple(true)
        .args(["interactions", "events", "surveys", "calendar", "policies"])
))]
pub struct ValidateArgs {
    /// Summary rows of interactions: CSV, or JSON Lines when the name ends in .jsonl/.ndjson.
    #[arg(long, value_name = "FILE")]
    pub interactions: Option<PathBuf>,
    /// An event log CSV (one row per event), read through --event-map.
    #[arg(long, value_name = "FILE", requires = "event_map")]
    pub events: Option<PathBuf>,
    /// The mapping of --events (JSON, or TOML when the name ends in .toml).
    #[arg(long, value_name = "FILE", requires = "events")]
    pub event_map: Option<PathBuf>,
    /// Survey responses: a CSV with interaction_id,kind,score,responded_at.
    #[arg(long, value_name = "FILE")]
    pub surveys: Option<PathBuf>,
    /// A calendar JSON document (docs/calendars.md).
    #[arg(long, value_name = "FILE")]
    pub calendar: Option<PathBuf>,
    /// SLA policies: TOML when the name ends in .toml, JSON otherwise.
    #[arg(long, value_name = "FILE")]
    pub policies: Option<PathBuf>,
    /// Print one JSON report {"files": [{path, kind, rows_read, rows_rejected, findings}]}.
    #[arg(long)]
    pub json: bool,
    /// Stop at the first bad row: print it as an error on stderr and exit 3.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct SlaArgs {
    /// Summary rows of interactions: CSV, or JSON Lines when the name ends in .jsonl/.ndjson.
    #[arg(long, value_name = "FILE")]
    pub interactions: PathBuf,
    /// SLA policies: TOML when the name ends in .toml, JSON otherwise.
    #[arg(long, value_name = "FILE")]
    pub policies: PathBuf,
    /// The business calendar: a JSON file as documented in docs/calendars.md.
    #[arg(long, value_name = "FILE")]
    pub calendar: PathBuf,
    /// Evaluate as of T (RFC 3339 with an offset); `now` reads the system clock.
    #[arg(long, value_name = "T")]
    pub as_of: String,
    /// Write the CSV to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 0 even when some input rows were rejected (they are still reported).
    #[arg(long)]
    pub allow_row_errors: bool,
}

/// The definitions `report` and `kpi-scorecard` share (the core's `ReportOptions` and flags
/// over it).
#[derive(Debug, Args)]
pub struct Definitions {
    /// Report options as JSON (the core's ReportOptions: definitions, presets, targets).
    #[arg(long, value_name = "FILE")]
    pub options: Option<PathBuf>,
    /// As of T (RFC 3339 with an offset; `now` reads the system clock). Needed for SLA
    /// states and the backlog (kpi-scorecard requires it); later interactions and answers are
    /// left out and counted. The demo defaults to the end of its quarter.
    #[arg(long, value_name = "T")]
    pub as_of: Option<String>,
    /// Breakdowns, comma-separated: agent, channel, group, topic, priority, attr:NAME (the
    /// report's only).
    #[arg(long, value_name = "DIMS", value_delimiter = ',')]
    pub by: Option<Vec<String>>,
    /// Durations in business (default) or calendar time.
    #[arg(long, value_name = "BASIS")]
    pub time: Option<String>,
    /// CSAT definition: top_box, zendesk, mean_rating, help_scout.
    #[arg(long, value_name = "DEF")]
    pub csat: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Use the built-in demo data set instead of input files.
    #[arg(long, conflicts_with_all = ["interactions", "events", "surveys", "calendar", "policies"])]
    pub demo: bool,
    /// Interactions in the demo data set.
    #[arg(long, value_name = "N", default_value_t = 6000, requires = "demo")]
    pub demo_size: u64,
    /// Seed of the demo data set.
    #[arg(long, value_name = "S", default_value_t = 2026, requires = "demo")]
    pub seed: u64,
    /// Summary rows of interactions: CSV, or JSON Lines when the name ends in .jsonl/.ndjson.
    #[arg(long, value_name = "FILE", required_unless_present_any = ["demo", "events", "from_states"])]
    pub interactions: Option<PathBuf>,
    /// An event log CSV instead of --interactions: one row per event (case id, activity,
    /// timestamp, resource), read through --event-map.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "interactions",
        requires = "event_map"
    )]
    pub events: Option<PathBuf>,
    /// The mapping of --events: its columns and what each activity means (JSON, or TOML when
    /// the name ends in .toml; docs/metrics.md, "Event logs").
    #[arg(long, value_name = "FILE", requires = "events")]
    pub event_map: Option<PathBuf>,
    /// Survey responses: a CSV with interaction_id,kind,score,responded_at.
    #[arg(long, value_name = "FILE")]
    pub surveys: Option<PathBuf>,
    /// The business calendar: a JSON file as documented in docs/calendars.md.
    #[arg(long, value_name = "FILE", required_unless_present_any = ["demo", "from_states"])]
    pub calendar: Option<PathBuf>,
    /// SLA policies: TOML when the name ends in .toml, JSON otherwise (needs --as-of).
    #[arg(long, value_name = "FILE")]
    pub policies: Option<PathBuf>,
    #[command(flatten)]
    pub definitions: Definitions,
    /// The trend's period: day, week (ISO), month, quarter, or none.
    #[arg(long, value_name = "P")]
    pub period: Option<String>,
    /// Time zone of periods and the heatmap (IANA name); default the calendar's.
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// FCR definition: zendesk_one_touch, one_public_reply, no_customer_followup,
    /// closed_once_one_agent, or no_repeat_contact_within:DAYS.
    #[arg(long, value_name = "PRESET")]
    pub fcr: Option<String>,
    /// Print the core's Report object as JSON instead of the table.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print one CSV row per figure instead of the table.
    #[arg(long)]
    pub csv: bool,
    /// Also write a self-contained HTML page with SVG charts to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Write the table, JSON or CSV to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Any rejected row or unreadable answer is an error (exit 3) instead of a finding.
    #[arg(long)]
    pub strict: bool,
    /// Also write the report's partial state to FILE: versioned bytes (docs/scale-out.md) that
    /// merge exactly with the states of the other parts of a data set (split interactions by
    /// customer, survey answers by interaction) through --from-states or the Python package.
    #[arg(long, value_name = "FILE", conflicts_with = "from_states")]
    pub save_state: Option<PathBuf>,
    /// Build the report from state files (of --save-state, or of the Python and Spark packages)
    /// instead of inputs: they are merged and finished. States of other calendars, policies or
    /// options refuse to merge (exit 3, `state_mismatch`); damaged or foreign files are
    /// `invalid_state`, files of a newer format `state_version`.
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with_all = [
        "demo", "interactions", "events", "surveys", "calendar", "policies", "options", "as_of",
        "by", "period", "tz", "time", "fcr", "csat",
    ])]
    pub from_states: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Interactions to generate (at most 10 000 000).
    #[arg(long, value_name = "N", default_value_t = 6000)]
    pub n: u64,
    /// The random stream's seed.
    #[arg(long, value_name = "S", default_value_t = 2026)]
    pub seed: u64,
    /// The directory to write into (created when missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}
