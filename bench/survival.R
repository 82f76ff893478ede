# Reference timings for bench/survival.ts: R survival's coxph (Efron) and
# survfit (Kaplan-Meier) on the same CSV files, read with data.table::fread.
# Usage: Rscript bench/survival.R FILE... ; prints one JSON line per file.
suppressPackageStartupMessages({ library(survival); library(data.table); library(jsonlite) })
for (f in commandArgs(trailingOnly = TRUE)) {
  d <- as.data.frame(fread(f))
  covs <- paste0("x", 1:10)
  form <- as.formula(paste("Surv(time, status) ~", paste(covs, collapse = " + ")))
  t_cox <- system.time(fit <- coxph(form, data = d, ties = "efron"))[["elapsed"]]
  t_km <- system.time(km <- survfit(Surv(time, status) ~ 1, data = d))[["elapsed"]]
  cat(toJSON(list(file = f, n = nrow(d), coxSeconds = t_cox, kmSeconds = t_km,
                  loglik = sprintf("%.17g", fit$loglik[2]), iter = fit$iter,
                  coef1 = sprintf("%.17g", coef(fit)[1]),
                  kmLast = sprintf("%.17g", tail(km$surv, 1)),
                  r = R.version.string, survival = as.character(packageVersion("survival"))),
              auto_unbox = TRUE), "\n")
}
