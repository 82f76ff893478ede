# Golden values for the chart builders (test/charts/*.test.ts).
# R 4.2.2, survival 3.5-3, jsonlite. Tolerance used by the tests: 1e-9 relative
# for at-risk counts (integers: exact) and 1e-6 relative for hazard ratios,
# confidence limits and p values.
# Regenerate from the repository root:
#   Rscript test/charts/golden/charts.R
# which writes test/charts/golden/charts.json.
library(survival)
library(jsonlite)
lung <- read.csv("datasets/lung.csv")

# Number at risk of survfit(Surv(time, status) ~ sex) at the at-risk table times.
km <- survfit(Surv(time, status) ~ sex, data = lung)
times <- c(0, 250, 500, 750, 1000)
s <- summary(km, times = times, extend = TRUE)
risk <- lapply(levels(s$strata), function(l) list(label = l, nRisk = s$n.risk[s$strata == l]))

# Cox model for the forest plot.
fit <- coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung)
sm <- summary(fit)
cox <- list(
  term = rownames(sm$conf.int),
  hr = unname(sm$conf.int[, "exp(coef)"]),
  lower = unname(sm$conf.int[, "lower .95"]),
  upper = unname(sm$conf.int[, "upper .95"]),
  p = unname(sm$coefficients[, "Pr(>|z|)"])
)

write_json(list(
  versions = list(R = R.version.string, survival = as.character(packageVersion("survival"))),
  kmRisk = list(formula = "Surv(time, status) ~ sex", times = times, strata = risk),
  cox = c(list(formula = "Surv(time, status) ~ age + sex + ph.ecog"), cox)
), "test/charts/golden/charts.json", digits = NA, auto_unbox = TRUE, pretty = TRUE)
