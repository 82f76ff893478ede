# Reference timing for bench/lmm.ts: lme4::lmer on the same data in the same run
# (R 4.2.2, lme4 1.1-31, data.table, jsonlite).
# Usage: Rscript bench/lmm.R DATA.csv "FORMULA" ; prints one JSON line.
# Timed: lmer() with its defaults (optimizer nloptwrap) and lmer() run to the
# converged optimum (bobyqa, rhoend = 1e-12, as the goldens); reading the CSV is not timed.
suppressPackageStartupMessages({ library(lme4); library(data.table); library(jsonlite) })
a <- commandArgs(trailingOnly = TRUE)
d <- as.data.frame(fread(a[1])); f <- as.formula(a[2])
cpu <- function(s) s[["user.self"]] + s[["sys.self"]]
s_def <- system.time(fit_def <- lmer(f, d, REML = TRUE))
ctl <- lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12))
s_tight <- system.time(fit <- lmer(f, d, REML = TRUE, control = ctl))
vc <- attr(VarCorr(fit)[[1]], "stddev")
cat(toJSON(list(defaultSeconds = s_def[["elapsed"]], defaultCpuSeconds = cpu(s_def),
                tightSeconds = s_tight[["elapsed"]], tightCpuSeconds = cpu(s_tight),
                fixef = sprintf("%.17g", fixef(fit)), sd = sprintf("%.17g", vc), sigma = sprintf("%.17g", sigma(fit)),
                loglik = sprintf("%.17g", as.numeric(logLik(fit))), loglikDefault = sprintf("%.17g", as.numeric(logLik(fit_def))),
                r = R.version.string, lme4 = as.character(packageVersion("lme4"))), auto_unbox = TRUE), "\n")
