# Reference timing for bench/rsf.ts: ranger's random survival forest
# (splitrule = "logrank", the default) on the same data, one thread.
# R 4.2.2, ranger 0.14.1, survival 3.5-3, data.table, jsonlite.
# Usage: Rscript bench/rsf.R DATA.csv NTREES [MTRY] ; prints one JSON line.
# Only ranger() is timed (not reading the CSV). OOB error is computed (ranger's
# default oob.error = TRUE), importance = "none", as in the TypeScript run.
suppressPackageStartupMessages({ library(ranger); library(survival); library(data.table); library(jsonlite) })
a <- commandArgs(trailingOnly = TRUE)
d <- as.data.frame(fread(a[1])); ntrees <- as.integer(a[2])
mtry <- if (length(a) >= 3) as.integer(a[3]) else NULL
s <- system.time(fit <- ranger(dependent.variable.name = "time", status.variable.name = "status", data = d,
                               num.trees = ntrees, mtry = mtry, num.threads = 1, seed = 1, importance = "none"))
cat(toJSON(list(seconds = s[["elapsed"]], cpuSeconds = s[["user.self"]] + s[["sys.self"]],
                oobError = fit$prediction.error, mtry = fit$mtry, minNodeSize = fit$min.node.size,
                nDeathTimes = length(fit$unique.death.times),
                r = R.version.string, ranger = as.character(packageVersion("ranger"))), auto_unbox = TRUE, digits = NA), "\n")
