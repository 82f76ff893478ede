# Golden fixture for models/causal/propensity-enet.ts: elastic-net logistic
# propensity model on datasets/gbsg.csv (treatment hormon), as
# glmnet(x, y, family = "binomial", alpha, lambda, standardize = TRUE, thresh = 1e-14).
# R 4.2.2, glmnet 4.1-6 (version also written into the JSON as glmnet_version).
# Tolerance used by test/models/causal/propensity-enet.test.ts: absolute 1e-6 on
# the coefficients (glmnet's own convergence is the limiting factor).
# Regenerate from the repository root: Rscript test/golden/causal-enet.R
suppressPackageStartupMessages({ library(glmnet); library(jsonlite) })
d <- read.csv("datasets/gbsg.csv")
covs <- c("age", "meno", "size", "grade", "nodes", "pgr", "er")
x <- as.matrix(d[, covs]); y <- d$hormon
lambdas <- c(0.05, 0.02, 0.01, 0.002)
fits <- lapply(c(1, 0.5), function(a) {
  f <- glmnet(x, y, family = "binomial", alpha = a, lambda = lambdas, standardize = TRUE, thresh = 1e-14, maxit = 1e6)
  cf <- as.matrix(coef(f))
  list(alpha = a, lambda = lambdas, coef = lapply(seq_along(lambdas), function(k) unname(cf[, k])))
})
write_json(list(glmnet_version = as.character(packageVersion("glmnet")), covariates = covs, fits = fits),
           "test/golden/causal-enet.json", digits = NA, auto_unbox = TRUE)
