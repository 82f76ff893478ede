# Golden fixture for test/models/risk/model/cox-risk-model.test.ts
# R 4.2.2, survival 3.5-3, jsonlite. Tolerance used by the test: 1e-8 relative.
# Regenerate: Rscript test/golden/risk-model-cox.R (from the repository root).
# Cox model on gbsg with Breslow ties; baseline cumulative hazard (centered,
# = Breslow) at monthly grid points k * 365.25/12 days; predicted survival of
# the first 5 patients at 3 and 5 years (1095.75, 1826.25 days, grid points).
library(survival)
library(jsonlite)
gbsg <- read.csv("datasets/gbsg.csv")
f <- Surv(rfstime, status) ~ age + meno + size + grade + nodes + pgr + er + hormon
fit <- coxph(f, data = gbsg, ties = "breslow")
bh <- basehaz(fit, centered = TRUE)
step <- 365.25 / 12
grid <- (0:80) * step
H <- sapply(grid, function(g) { k <- which(bh$time <= g); if (length(k)) bh$hazard[max(k)] else 0 })
sf <- survfit(fit, newdata = gbsg[1:5, ])
s3 <- summary(sf, times = 1095.75)$surv
s5 <- summary(sf, times = 1826.25)$surv
write_json(list(
  coef = unname(coef(fit)), means = unname(fit$means), grid = grid, cumhaz = H,
  surv3 = as.numeric(s3), surv5 = as.numeric(s5), lp = unname(predict(fit, newdata = gbsg[1:5, ], type = "lp"))
), "test/golden/risk-model-cox.json", digits = NA, auto_unbox = TRUE)
