# Golden fixture for test/cli/risk.test.ts (midia risk train / evaluate on gbsg).
# R 4.2.2, survival 3.5-3, jsonlite. Regenerate from the repo root:
#   Rscript test/golden/risk-cli.R        (writes test/golden/risk-cli.json)
# The test compares the trained artifact's Cox coefficients (relative 1e-6) and
# `midia risk evaluate`'s Harrell C and its standard error (relative 1e-6) with
# coxph's concordance (reverse = TRUE on the linear predictor, as the fit reports it).
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
d <- read.csv("datasets/gbsg.csv")
d$grade <- factor(d$grade)
f <- Surv(rfstime, status) ~ age + meno + size + grade + nodes + pgr + er + hormon
fit <- coxph(f, d)  # Efron ties
cc <- concordance(fit)
out <- list(
  r = R.version.string, survival = as.character(packageVersion("survival")),
  call = "coxph(Surv(rfstime, status) ~ age + meno + size + factor(grade) + nodes + pgr + er + hormon, gbsg); concordance(fit)",
  names = names(coef(fit)), coef = unname(coef(fit)), means = unname(fit$means),
  concordance = unname(cc$concordance), concordance_se = sqrt(unname(cc$var)),
  n = fit$n, events = fit$nevent
)
write_json(out, "test/golden/risk-cli.json", digits = NA, auto_unbox = TRUE, pretty = TRUE)
