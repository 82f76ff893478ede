# Golden fixture for models/survival survreg (R survival::survreg).
#
# Generated with R 4.2.2, survival 3.5-3, jsonlite.
# Regenerate from the repository root:
#   Rscript test/golden/survreg.R      # writes test/golden/survreg.json
# Tolerances used by test/models/survival/survreg*.test.ts: coefficients, log(scale),
# scale and log-likelihoods 1e-6 relative; standard errors, z, p, chi-square
# p-values and predictions 1e-5 relative.
# Data are read from the CSV files the tests read (datasets/*.csv), so factor
# levels are in alphabetical order (e.g. veteran celltype: adeno, large, smallcell, squamous).
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
stopifnot(packageVersion("survival") == "3.5.3")

lung <- read.csv("datasets/lung.csv")
veteran <- read.csv("datasets/veteran.csv")
ovarian <- read.csv("datasets/ovarian.csv")

case <- function(name, dataset, formula, data, dist, newdata, p = c(0.1, 0.5, 0.9)) {
  fit <- survreg(as.formula(formula), data = data, dist = dist)
  s <- summary(fit)$table
  lp <- predict(fit, newdata = newdata, type = "lp")
  resp <- predict(fit, newdata = newdata, type = "response")
  qu <- predict(fit, newdata = newdata, type = "quantile", p = p)
  if (is.null(dim(qu))) qu <- matrix(qu, nrow = nrow(newdata))
  df <- sum(!is.na(coef(fit))) - 1
  chisq <- 2 * diff(fit$loglik)
  list(
    name = name, dataset = dataset, formula = formula, dist = dist,
    n = nrow(fit$y), nDropped = length(fit$na.action),
    terms = rownames(s), coef = unname(s[, 1]), se = unname(s[, 2]), z = unname(s[, 3]), p = unname(s[, 4]),
    scale = fit$scale, loglik = fit$loglik[2], loglikNull = fit$loglik[1],
    chisq = chisq, df = df, chisqP = pchisq(chisq, df, lower.tail = FALSE),
    iter = fit$iter,
    predict = list(rows = as.integer(rownames(newdata)), lp = unname(lp), response = unname(resp),
                   p = p, quantile = lapply(seq_len(nrow(qu)), function(i) unname(qu[i, ])))
  )
}

cases <- list(
  case("lung weibull", "lung", "Surv(time, status) ~ age + sex", lung, "weibull", lung[c(1, 2, 50), ]),
  case("lung exponential", "lung", "Surv(time, status) ~ age + sex", lung, "exponential", lung[c(1, 2, 50), ]),
  case("lung lognormal", "lung", "Surv(time, status) ~ age + sex", lung, "lognormal", lung[c(1, 2, 50), ]),
  case("lung loglogistic", "lung", "Surv(time, status) ~ age + sex", lung, "loglogistic", lung[c(1, 2, 50), ]),
  case("lung weibull with NA covariate", "lung", "Surv(time, status) ~ age + ph.ecog + wt.loss", lung, "weibull", lung[c(1, 3, 5), ]),
  case("veteran weibull", "veteran", "Surv(time, status) ~ trt + celltype + karno", veteran, "weibull", veteran[c(1, 30, 137), ]),
  case("ovarian weibull", "ovarian", "Surv(futime, fustat) ~ ecog.ps + rx", ovarian, "weibull", ovarian[c(1, 2, 26), ]),
  case("ovarian lognormal", "ovarian", "Surv(futime, fustat) ~ ecog.ps + rx", ovarian, "lognormal", ovarian[c(1, 2, 26), ]),
  case("ovarian intercept only loglogistic", "ovarian", "Surv(futime, fustat) ~ 1", ovarian, "loglogistic", ovarian[c(1, 2), ])
)
write_json(list(survreg = cases), "test/golden/survreg.json", digits = NA, auto_unbox = TRUE, na = "null")
