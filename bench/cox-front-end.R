# R's side of bench/cox-front-end.ts: coxph (Efron) on the CSV written by the
# TypeScript bench (N = 10^4, 10 covariates), read with data.table::fread.
# Times the first coxph() call of this R process and then K more calls
# (elapsed and CPU = user + system seconds of system.time); prints one JSON line.
# Usage: Rscript bench/cox-front-end.R FILE K
suppressPackageStartupMessages({ library(survival); library(data.table); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
d <- as.data.frame(fread(args[1]))
k <- as.integer(args[2])
form <- as.formula(paste("Surv(time, status) ~", paste(paste0("x", 1:10), collapse = " + ")))
one <- function() { s <- system.time(fit <<- coxph(form, data = d, ties = "efron")); c(s[["elapsed"]], s[["user.self"]] + s[["sys.self"]]) }
first <- one()
warm <- t(vapply(seq_len(k), function(i) one(), numeric(2)))
cat(toJSON(list(firstWall = first[1], firstCpu = first[2], warmWall = median(warm[, 1]), warmCpu = median(warm[, 2]),
                loglik = sprintf("%.17g", fit$loglik[2]), r = R.version.string,
                survival = as.character(packageVersion("survival"))), auto_unbox = TRUE), "\n")
