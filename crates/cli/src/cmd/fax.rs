//! `missive fax decode|encode|info`: T.4/T.6 fax images, TIFF Class F and PBM.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use missive_t4::tiff::{self, Resolution, TiffLimits, WriteOptions};
use missive_t4::{
    pbm, BitOrder, Coding, DecodeOptions, Decoder, EncodeOptions, ErrorMode, Limits, Uncompressed,
};

use crate::error::{CliError, CliResult};
use crate::files;
use crate::output::errln;

/// Fax images: decode TIFF/raw T.4/T.6 to PBM, encode PBM to TIFF Class F, describe a TIFF.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  missive fax decode fax.tif pages.pbm\n  missive fax encode --coding mr --resolution fine pages.pbm fax.tif\n  missive fax info --json fax.tif\n  missive fax decode --raw --coding mh --width 1728 --lsb-first line.bin page.pbm"
)]
pub(crate) struct Args {
    #[command(subcommand)]
    op: Op,
}

#[derive(Subcommand)]
enum Op {
    /// TIFF (every page) or a raw T.4/T.6 stream to concatenated binary PBM (P4) images
    Decode {
        /// Input is a raw coded stream, not a TIFF (needs --coding and --width)
        #[arg(long)]
        raw: bool,
        /// Coding of the raw stream
        #[arg(long, value_enum, required_if_eq("raw", "true"))]
        coding: Option<CodingArg>,
        /// Pixels per row of the raw stream (1..=65535)
        #[arg(long, required_if_eq("raw", "true"))]
        width: Option<u32>,
        /// The raw stream's bytes are LSB-first (as sent on a fax line, TIFF `FillOrder` 2)
        #[arg(long)]
        lsb_first: bool,
        /// Fail at the first bad row instead of repeating the previous row
        #[arg(long)]
        strict: bool,
        /// Input file (`-` = stdin)
        input: PathBuf,
        /// Output PBM (`-` = stdout)
        output: PathBuf,
    },
    /// Binary PBM (one or more P4 images) to a multi-page TIFF Class F
    Encode {
        /// Coding of the pages
        #[arg(long, value_enum)]
        coding: CodingArg,
        /// MR rows per 1-D row (default: 2 standard, 4 fine, 8 superfine)
        #[arg(long)]
        k: Option<u32>,
        /// Resolution written in the tags
        #[arg(long, value_enum, default_value = "standard")]
        resolution: ResolutionArg,
        /// Write `FillOrder` 2 (LSB-first) strips
        #[arg(long)]
        lsb_first: bool,
        /// Byte-align every EOL (`T4Options` fill bits; MH and MR only)
        #[arg(long)]
        fill: bool,
        /// Use the T.4/T.6 uncompressed mode (few decoders read it; libtiff does not)
        #[arg(long, value_enum, default_value = "off")]
        uncompressed: UncompressedArg,
        /// Input PBM (`-` = stdin)
        input: PathBuf,
        /// Output TIFF (`-` = stdout)
        output: PathBuf,
    },
    /// Pages, size, coding, resolution and bad rows of a TIFF
    Info {
        /// One JSON document on stdout
        #[arg(long)]
        json: bool,
        /// Input TIFF (`-` = stdin)
        input: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum CodingArg {
    /// T.4 one-dimensional (Modified Huffman)
    Mh,
    /// T.4 two-dimensional (Modified READ)
    Mr,
    /// T.6 (Modified Modified READ, Group 4)
    Mmr,
}

#[derive(Clone, Copy, ValueEnum)]
enum UncompressedArg {
    /// Never
    Off,
    /// For stretches of short runs (halftone, noise)
    ShortRuns,
    /// Every row wholly uncompressed
    WholeRows,
}

#[derive(Clone, Copy, ValueEnum)]
enum ResolutionArg {
    /// 204 × 98 dpi
    Standard,
    /// 204 × 196 dpi
    Fine,
    /// 204 × 391 dpi
    Superfine,
}

fn coding_name(c: Option<Coding>) -> &'static str {
    match c {
        None => "none",
        Some(Coding::Mh) => "mh",
        Some(Coding::Mr { .. }) => "mr",
        Some(Coding::Mmr) => "mmr",
    }
}

fn warn_bad(page: usize, s: missive_t4::DecodeStats) {
    if s.bad_rows > 0 {
        errln!(
            "missive: page {}: {} bad rows repeated (longest run {})",
            page + 1,
            s.bad_rows,
            s.longest_bad_run
        );
    }
}

pub(crate) fn run(args: &Args) -> CliResult {
    match &args.op {
        Op::Decode {
            raw,
            coding,
            width,
            lsb_first,
            strict,
            input,
            output,
        } => {
            let data = files::read(input, files::DOCUMENT_MAX)?;
            let mode = if *strict {
                ErrorMode::Strict
            } else {
                ErrorMode::Tolerant
            };
            let mut out = Vec::new();
            if *raw {
                let (Some(c), Some(w)) = (coding, width) else {
                    return Err(CliError::input("--raw needs --coding and --width"));
                };
                let coding = match c {
                    CodingArg::Mh => Coding::Mh,
                    CodingArg::Mr => Coding::Mr { k: 0 },
                    CodingArg::Mmr => Coding::Mmr,
                };
                let mut o = DecodeOptions::new(coding, *w);
                o.bit_order = if *lsb_first {
                    BitOrder::LsbFirst
                } else {
                    BitOrder::MsbFirst
                };
                o.error_mode = mode;
                let mut dec = Decoder::new(&data, o).map_err(CliError::input)?;
                let mut pixels = Vec::new();
                while let Some(row) = dec
                    .next_row()
                    .map_err(|e| CliError::input(format!("{}: {e}", input.display())))?
                {
                    pixels.extend_from_slice(row);
                }
                let s = dec.stats();
                warn_bad(0, s);
                pbm::write(
                    &missive_t4::Bitmap {
                        width: *w,
                        height: s.rows,
                        data: pixels,
                    },
                    &mut out,
                );
            } else {
                let pages = tiff::read(&data, &TiffLimits::default())
                    .map_err(|e| CliError::input(format!("{}: {e}", input.display())))?;
                let bar = crate::progress::bar(pages.len() as u64, "pages");
                for (i, p) in pages.iter().enumerate() {
                    let (img, s) = p.decode(mode, Limits::default()).map_err(|e| {
                        CliError::input(format!("{}: page {}: {e}", input.display(), i + 1))
                    })?;
                    warn_bad(i, s);
                    pbm::write(&img, &mut out);
                    bar.inc(1);
                }
                bar.finish_and_clear();
            }
            files::write(output, &out)
        }
        Op::Encode {
            coding,
            k,
            resolution,
            lsb_first,
            fill,
            uncompressed,
            input,
            output,
        } => {
            let data = files::read(input, files::DOCUMENT_MAX)?;
            let images = pbm::read_all(&data, &Limits::default())
                .map_err(|e| CliError::input(format!("{}: {e}", input.display())))?;
            let resolution = match resolution {
                ResolutionArg::Standard => Resolution::Standard,
                ResolutionArg::Fine => Resolution::Fine,
                ResolutionArg::Superfine => Resolution::Superfine,
            };
            let coding = match coding {
                CodingArg::Mh => Coding::Mh,
                CodingArg::Mr => Coding::Mr {
                    k: k.unwrap_or_else(|| resolution.k()).max(1),
                },
                CodingArg::Mmr => Coding::Mmr,
            };
            let mut e = EncodeOptions::new(coding);
            e.align_eol = *fill;
            e.uncompressed = match uncompressed {
                UncompressedArg::Off => Uncompressed::Off,
                UncompressedArg::ShortRuns => Uncompressed::ShortRuns,
                UncompressedArg::WholeRows => Uncompressed::WholeRows,
            };
            if *lsb_first {
                e.bit_order = BitOrder::LsbFirst;
            }
            let opts = WriteOptions {
                encode: e,
                resolution,
            };
            let mut w = tiff::Writer::new();
            for img in &images {
                w.add_page(img, &opts).map_err(CliError::input)?;
            }
            let file = w.finish().map_err(CliError::failure)?;
            files::write(output, &file)
        }
        Op::Info { json, input } => {
            let data = files::read(input, files::DOCUMENT_MAX)?;
            let pages = tiff::read(&data, &TiffLimits::default())
                .map_err(|e| CliError::input(format!("{}: {e}", input.display())))?;
            let mut list = Vec::new();
            let mut text = String::new();
            for (i, p) in pages.iter().enumerate() {
                let (bad, longest, error) =
                    match p.decode_rows(ErrorMode::Tolerant, Limits::default(), |_| {}) {
                        Ok(s) => (s.bad_rows, s.longest_bad_run, None),
                        Err(e) => (0, 0, Some(e.to_string())),
                    };
                let dpi = p.dpi();
                if *json {
                    list.push(serde_json::json!({
                        "page": i + 1,
                        "width": p.width,
                        "height": p.height,
                        "coding": coding_name(p.coding()),
                        "compression": p.compression.tag(),
                        "fill_order": p.bit_order.fill_order(),
                        "t4_options": p.t4_options,
                        "t6_options": p.t6_options,
                        "x_dpi": dpi.map(|d| d.0),
                        "y_dpi": dpi.map(|d| d.1),
                        "bad_rows": bad,
                        "longest_bad_run": longest,
                        "error": error,
                    }));
                } else {
                    let res = dpi.map_or_else(
                        || "unknown".to_string(),
                        |(x, y)| format!("{x:.0}x{y:.0} dpi"),
                    );
                    let _ = writeln!(
                        text,
                        "page {}: {}x{} {} fill-order {} {} bad rows {} (longest run {}){}",
                        i + 1,
                        p.width,
                        p.height,
                        coding_name(p.coding()),
                        p.bit_order.fill_order(),
                        res,
                        bad,
                        longest,
                        error.map(|e| format!(" error: {e}")).unwrap_or_default()
                    );
                }
            }
            if *json {
                let doc = serde_json::json!({ "pages": pages.len(), "page": list });
                text = format!("{doc}\n");
            } else {
                let _ = writeln!(text, "{} pages", pages.len());
            }
            files::write(std::path::Path::new("-"), text.as_bytes())
        }
    }
}
