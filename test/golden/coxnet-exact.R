# Golden fixture for the exact penalized Cox fit at a lambda (models/risk/coxnet-exact.ts,
# `midia coxnet --lambda L`) against glmnet's coef(fit, s = L, exact = TRUE), with the
# linear interpolation coef(fit, s = L) (exact = FALSE, `midia coxnet --interpolate`) beside it.
# R 4.2.2, glmnet 4.1-6, survival 3.5-3, jsonlite. Tolerance used by the tests
# (test/models/risk/coxnet-exact.test.ts, test/cli/coxnet.test.ts): exact coefficients
# 1e-6 absolute (glmnet's refit and ours run the same iterations to thresh = 1e-7);
# interpolated coefficients 1e-4 * max(1, |b|), as test/golden/coxnet.R.
# Data: rotterdam (survival 3.5-3, datasets/rotterdam.csv), 2982 patients, death as the
# event; censored times are shifted by 0.1 day (tg) so that a censored row is at risk at
# an event time on its day, the rule glmnet intends (see test/golden/coxnet.R).
# Design: model.matrix(~ age + meno + size + factor(grade) + nodes + pgr + er + hormon + chemo)[, -1].
# Regenerate from the repo root:  Rscript test/golden/coxnet-exact.R  (writes test/golden/coxnet-exact.json)
suppressPackageStartupMessages({ library(glmnet); library(survival); library(jsonlite) })
# Factor levels in code-point order, as the model frame orders them (models/design/model-frame.ts); in R's
# en_US collation size <= 20 would be the reference level instead of 20-50.
invisible(Sys.setlocale("LC_COLLATE", "C"))
d <- read.csv("datasets/rotterdam.csv")
tg <- d$dtime + 0.1 * (d$death == 0)
X <- model.matrix(~ age + meno + size + factor(grade) + nodes + pgr + er + hormon + chemo, d)[, -1]
y <- Surv(tg, d$death)
cases <- list()
for (cfg in list(list(alpha = 1, s = c(0.005, 0.02)), list(alpha = 0.5, s = c(0.01, 0.003)))) {
  fit <- glmnet(X, y, family = "cox", alpha = cfg$alpha)
  for (s in cfg$s) {
    cases[[length(cases) + 1]] <- list(
      alpha = cfg$alpha, s = s,
      call = sprintf("coef(glmnet(X, y, family = 'cox', alpha = %s), s = %s, exact = TRUE, x = X, y = y)", cfg$alpha, s),
      names = colnames(X), lambda = as.numeric(fit$lambda),
      exact = as.numeric(coef(fit, s = s, exact = TRUE, x = X, y = y)),
      interpolated = as.numeric(coef(fit, s = s)))
  }
}
res <- list(r = R.version.string, glmnet = as.character(packageVersion("glmnet")),
            survival = as.character(packageVersion("survival")),
            formula = "Surv(tg, death) ~ age + meno + size + factor(grade) + nodes + pgr + er + hormon + chemo",
            cases = cases)
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE), "test/golden/coxnet-exact.json")
