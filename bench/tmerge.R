# Reference timing for bench/tmerge.ts: survival::tmerge on the same data in the
# same run (R 4.2.2, survival 3.5-3, data.table, jsonlite).
# Usage: Rscript bench/tmerge.R BASE.csv MARKERS.csv ; prints one JSON line.
# Timed (reading the CSVs is not): the two tmerge calls
#   d <- tmerge(base, base, id = id, death = event(futime, status))
#   d <- tmerge(d, markers, id = id, marker = tdc(day, value))
# Printed for the agreement check: rows, sum of tstart, sum of the non-missing
# marker values and their count, sum of death.
suppressPackageStartupMessages({ library(survival); library(data.table); library(jsonlite) })
a <- commandArgs(trailingOnly = TRUE)
base <- as.data.frame(fread(a[1])); markers <- as.data.frame(fread(a[2]))
cpu <- function(s) s[["user.self"]] + s[["sys.self"]]
s <- system.time({
  d <- tmerge(base, base, id = id, death = event(futime, status))
  d <- tmerge(d, markers, id = id, marker = tdc(day, value))
})
cat(toJSON(list(seconds = s[["elapsed"]], cpuSeconds = cpu(s), rows = nrow(d),
                sumStart = sprintf("%.17g", sum(d$tstart)), sumMarker = sprintf("%.17g", sum(d$marker, na.rm = TRUE)),
                markerValues = sum(!is.na(d$marker)), events = sum(d$death),
                r = R.version.string, survival = as.character(packageVersion("survival"))), auto_unbox = TRUE), "\n")
