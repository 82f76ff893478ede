# Golden fixture for the demo's MS annualized relapse rate (cli/commands/demo.ts
# msRelapseSummary; test/cli/demo-ms-arr.test.ts): recomputed in R from the same
# seeded synthetic cohort as CSV files, independently of the engine.
# R 4.2.2, stats 4.2.2 (poisson.test), jsonlite. Tolerance used by the test:
# counts exact, person-years and rates 1e-9 relative.
# Definition (docs/ms-outcomes.md "Follow-up relapses"): relapses strictly after
# the index date and up to the last contact; person-years = (last contact -
# index date) / 365.25 over the patients with diagnosis multiple_sclerosis.
# Regenerate from the repository root (default seed 20261128):
#   node dist/cli/main.js generate --out /tmp/midia-demo-cohort
#   Rscript test/golden/demo-ms-arr.R /tmp/midia-demo-cohort   (writes test/golden/demo-ms-arr.json)
suppressMessages(library(jsonlite))
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) >= 1) args[1] else "/tmp/midia-demo-cohort"
p <- read.csv(file.path(dir, "patients.csv"), stringsAsFactors = FALSE, colClasses = "character")
e <- read.csv(file.path(dir, "events.csv"), stringsAsFactors = FALSE, colClasses = "character")
ms <- p[p$diagnosis == "multiple_sclerosis", ]
index <- as.Date(ms$index_date)
last <- as.Date(ifelse(is.na(ms$last_contact) | ms$last_contact == "", ms$index_date, ms$last_contact))
last <- pmax(last, index)
years <- as.numeric(last - index) / 365.25
r <- e[e$type == "relapse" & e$pseudonym %in% ms$pseudonym, ]
i <- match(r$pseudonym, ms$pseudonym)
rd <- as.Date(r$date)
follow <- rd > index[i] & rd <= last[i]
k <- tabulate(i[follow], nbins = nrow(ms))
band <- cut(k, c(-Inf, 0, 1, 3, Inf), labels = c("0", "1", "2-3", "4+"))
ci <- poisson.test(sum(k), sum(years))$conf.int
out <- list(
  r = R.version.string,
  seed = 20261128,
  patients = nrow(ms),
  relapsesRecorded = nrow(r),
  relapsesOnIndexDate = sum(rd == index[i]),
  onsetDetailOnIndexDate = sum(rd == index[i] & r$detail == "onset"),
  relapsesBeforeIndexDate = sum(rd < index[i]),
  followUpRelapses = sum(k),
  personYears = sum(years),
  arr = sum(k) / sum(years),
  lower = ci[1],
  upper = ci[2],
  arrCountingIndexRelapses = sum(rd >= index[i] & rd <= last[i]) / sum(years),
  bands = lapply(levels(band), function(b) list(label = b, patients = sum(band == b), relapses = sum(k[band == b]), personYears = sum(years[band == b])))
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "test/golden/demo-ms-arr.json")
