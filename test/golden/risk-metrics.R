# Golden fixture for models/risk/metrics/*.ts (validation metrics of risk predictions).
# R 4.2.2, survival 3.5-3, riskRegression 2022.11.28, jsonlite. Regenerate from the repo root:
#   Rscript test/golden/risk-metrics.R      (writes test/golden/risk-metrics.json)
# Tolerances used by test/models/risk/metrics/metrics-golden.test.ts: 1e-9 relative
# for Harrell's and Uno's C, AUC and Brier (same definitions, exact arithmetic);
# 1e-6 for the calibration slope (coxph fit) and ICI (own R reference, see below).
# Data: gbsg (datasets/gbsg.csv). Markers are computed here and stored in the
# fixture, so the test does not depend on our Cox fit:
#   lp    = linear predictor of coxph(Surv(rfstime, status) ~ age + size + nodes + pgr + er + hormon)
#   nodes = number of positive nodes (many ties)
#   risk_t = 1 - S_i(t) from survfit(coxph) at each horizon (Breslow baseline, centred lp)
suppressPackageStartupMessages({ library(survival); library(riskRegression); library(jsonlite) })
d <- read.csv("datasets/gbsg.csv")
fit <- coxph(Surv(rfstime, status) ~ age + size + nodes + pgr + er + hormon, data = d, ties = "breslow")
lp <- as.numeric(predict(fit, type = "lp"))
times <- c(365, 730, 1095, 1825)
sf <- survfit(fit, newdata = d)
risk <- t(1 - summary(sf, times = times)$surv)   # n x length(times)
y <- Surv(d$rfstime, d$status)
conc <- function(m, ...) { cf <- concordance(y ~ m, reverse = TRUE, ...); list(c = cf$concordance, std = sqrt(cf$var)) }
out <- list(
  r = R.version.string, survival = as.character(packageVersion("survival")),
  riskRegression = as.character(packageVersion("riskRegression")),
  time = d$rfstime, status = d$status, lp = lp, nodes = d$nodes, times = times,
  risk = lapply(seq_along(times), function(k) as.numeric(risk[, k])),
  harrell = list(call = "concordance(Surv(rfstime, status) ~ m, reverse = TRUE)", lp = conc(lp), nodes = conc(d$nodes)),
  uno = list(call = "concordance(Surv(rfstime, status) ~ m, reverse = TRUE, timewt = 'n/G2', ymax = tau)",
             lp_all = conc(lp, timewt = "n/G2")$c, lp_1825 = conc(lp, timewt = "n/G2", ymax = 1825)$c,
             nodes_1095 = conc(d$nodes, timewt = "n/G2", ymax = 1095)$c)
)
sc <- Score(list(cox = risk), formula = Surv(rfstime, status) ~ 1, data = d, times = times,
            metrics = c("auc", "brier"), cens.model = "km", se.fit = FALSE, null.model = TRUE)
auc <- as.data.frame(sc$AUC$score); br <- as.data.frame(sc$Brier$score)
out$score <- list(call = "Score(list(cox = risk), Surv(rfstime, status) ~ 1, data, times, metrics = c('auc','brier'), cens.model = 'km')",
                  auc = auc$AUC[auc$model == "cox"], brier = br$Brier[br$model == "cox"], brier_null = br$Brier[br$model == "Null model"])
# AUC of the time-constant marker 'nodes' (ties): same Score call with the marker repeated per time.
sc2 <- Score(list(nodes = matrix(d$nodes, nrow(d), length(times))), formula = Surv(rfstime, status) ~ 1, data = d,
             times = times, metrics = "auc", cens.model = "km", se.fit = FALSE, null.model = FALSE)
out$score$auc_nodes <- as.data.frame(sc2$AUC$score)$AUC
# Calibration at 1825 days (own R reference; definitions as models/risk/metrics/calibration.ts):
h <- 1825; p <- risk[, 4]
cll <- log(-log(1 - p))
th <- pmin(d$rfstime, h); sh <- ifelse(d$rfstime > h, 0, d$status)
slope <- coef(coxph(Surv(th, sh) ~ cll, ties = "breslow"))[[1]]
# ICI (Austin, Harrell & van Klaveren 2020): Cox on a restricted cubic spline of cll (3 knots at the
# 10/50/90% quantiles, Harrell's rcs basis), observed risk = 1 - S0(h)^exp(lp) with Breslow S0.
rcs3 <- function(x, k) { s <- (k[3] - k[1])^2
  cbind(x, (pmax(x - k[1], 0)^3 - pmax(x - k[2], 0)^3 * (k[3] - k[1]) / (k[3] - k[2]) + pmax(x - k[3], 0)^3 * (k[2] - k[1]) / (k[3] - k[2])) / s) }
kn <- quantile(cll, c(0.1, 0.5, 0.9), type = 7)
B <- rcs3(cll, kn)
cf <- coxph(Surv(th, sh) ~ B, ties = "breslow")
bh <- basehaz(cf, centered = FALSE)
H0 <- max(c(0, bh$hazard[bh$time <= h]))
obs <- 1 - exp(-H0 * exp(drop(B %*% coef(cf))))
km <- survfit(Surv(th, sh) ~ 1)
oe_obs <- 1 - summary(km, times = h)$surv
out$calibration <- list(horizon = h, slope = slope, ici = mean(abs(obs - p)), e50 = median(abs(obs - p)),
                        e90 = as.numeric(quantile(abs(obs - p), 0.9, type = 7)), observed = oe_obs, expected = mean(p),
                        knots = as.numeric(kn))
write_json(out, "test/golden/risk-metrics.json", digits = NA, auto_unbox = TRUE)
