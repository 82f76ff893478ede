# Golden fixture for models/glm (Poisson and negative-binomial ARR models).
# R 4.2.2 Patched, stats 4.2.2, MASS 7.3-58.2, sandwich (version printed in the JSON), jsonlite.
# Tolerance used by test/models/glm/glm-golden.test.ts: coefficients 1e-6 relative
# (absolute below 1e-8), SE 1e-5 relative, deviance/AIC/loglik/theta 1e-6, SE(theta) 1e-5.
# Regenerate: Rscript test/golden/glm-arr.R   (from the repository root; writes
# test/golden/glm-arr.csv and test/golden/glm-arr.json).
library(MASS)
library(jsonlite)
set.seed(20240611)
n <- 400
id <- rep(1:250, length.out = n)              # some patients contribute 2 episodes (clusters)
therapy <- factor(sample(c("untreated", "moderate", "high"), n, replace = TRUE, prob = c(0.3, 0.45, 0.25)),
                  levels = c("untreated", "moderate", "high"))
age <- round(rnorm(n, 38, 9), 1)
female <- rbinom(n, 1, 0.7)
years <- round(runif(n, 0.3, 6), 3)
logYears <- log(years)
frailty <- rgamma(n, shape = 2, rate = 2)      # overdispersion
rate <- 0.6 * c(untreated = 1, moderate = 0.6, high = 0.3)[as.character(therapy)] * exp(-0.015 * (age - 38)) * frailty
relapses <- rpois(n, rate * years)
w <- round(runif(n, 0.5, 2.5), 3)               # e.g. inverse-probability weights
d <- data.frame(id, therapy, age, female, years, logYears, relapses, w)
write.csv(d, "test/golden/glm-arr.csv", row.names = FALSE)

summ <- function(fit, cl = NULL) {
  co <- summary(fit, dispersion = 1)$coefficients
  out <- list(
    terms = rownames(co), estimate = unname(co[, 1]), se = unname(co[, 2]), z = unname(co[, 3]),
    p = unname(co[, 4]), deviance = fit$deviance, nullDeviance = fit$null.deviance,
    dfResidual = fit$df.residual, dfNull = fit$df.null, aic = fit$aic,
    logLik = as.numeric(logLik(fit)), iter = fit$iter, fitted1to5 = unname(fitted(fit)[1:5]),
    ci = unname(confint.default(fit))
  )
  # robust HC0: sandwich::sandwich(fit) without clusters, sandwich::vcovCL(fit, cluster, type = "HC0", cadjust = FALSE) with
  out$robustSe <- if (is.null(cl)) sqrt(diag(sandwich::sandwich(fit))) else sqrt(diag(sandwich::vcovCL(fit, cluster = cl, type = "HC0", cadjust = FALSE)))
  if (!is.null(cl)) out$robustSeAdjusted <- sqrt(diag(sandwich::vcovCL(fit, cluster = cl, type = "HC0", cadjust = TRUE)))
  if (inherits(fit, "negbin")) { out$theta <- fit$theta; out$thetaSE <- fit$SE.theta; out$twologlik <- fit$twologlik }
  out
}
pois <- glm(relapses ~ therapy + age + female, family = poisson, offset = logYears, data = d)
nb <- glm.nb(relapses ~ therapy + age + female + offset(logYears), data = d)
poisW <- suppressWarnings(glm(relapses ~ therapy + age + female, family = poisson, offset = logYears, weights = w, data = d))
nbW <- suppressWarnings(glm.nb(relapses ~ therapy + age + female + offset(logYears), weights = w, data = d))
nbNoOffset <- glm.nb(relapses ~ therapy, data = d)
res <- list(
  versions = list(R = R.version.string, MASS = as.character(packageVersion("MASS")), sandwich = as.character(packageVersion("sandwich"))),
  poisson = summ(pois, d$id), negbin = summ(nb, d$id),
  poissonWeighted = summ(poisW), negbinWeighted = summ(nbW),
  negbinNoOffset = summ(nbNoOffset),
  thetaMl = list(theta = as.numeric(theta.ml(d$relapses, fitted(pois), limit = 25)),
                 se = attr(theta.ml(d$relapses, fitted(pois), limit = 25), "SE")),
  digamma = list(x = c(0.1, 0.5, 1, 2.5, 7, 13.3, 150), digamma = digamma(c(0.1, 0.5, 1, 2.5, 7, 13.3, 150)),
                 trigamma = trigamma(c(0.1, 0.5, 1, 2.5, 7, 13.3, 150)))
)
write_json(res, "test/golden/glm-arr.json", digits = NA, auto_unbox = TRUE, pretty = TRUE)
