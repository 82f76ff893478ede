# Reference timing for bench/coxnet.ts: glmnet's cv.glmnet(family = "cox") with
# the same data and the same folds (R 4.2.2, glmnet 4.1-6, data.table).
# Usage: Rscript bench/coxnet.R DATA.csv FOLDS.csv ALPHA ; prints one JSON line.
# Only glmnet() + cv.glmnet() are timed (not reading the CSV).
suppressPackageStartupMessages({ library(glmnet); library(survival); library(data.table); library(jsonlite) })
a <- commandArgs(trailingOnly = TRUE)
d <- fread(a[1]); foldid <- fread(a[2])$fold; alpha <- as.numeric(a[3])
x <- as.matrix(d[, -(1:2)]); y <- Surv(d$time, d$status)
s_fit <- system.time(fit <- glmnet(x, y, family = "cox", alpha = alpha))
s_cv <- system.time(cv <- cv.glmnet(x, y, family = "cox", alpha = alpha, foldid = foldid))
t_fit <- s_fit[["elapsed"]]; t_cv <- s_cv[["elapsed"]]
cpu <- function(s) s[["user.self"]] + s[["sys.self"]]
b <- as.numeric(coef(fit, s = cv$lambda.min))
cat(toJSON(list(fitSeconds = t_fit, cvSeconds = t_cv, fitCpuSeconds = cpu(s_fit), cvCpuSeconds = cpu(s_cv), nlambda = length(fit$lambda),
                lambdaMin = sprintf("%.17g", cv$lambda.min), lambda1se = sprintf("%.17g", cv$lambda.1se),
                cvmMin = sprintf("%.17g", min(cv$cvm)), coefAtMin = sprintf("%.17g", b),
                r = R.version.string, glmnet = as.character(packageVersion("glmnet"))), auto_unbox = TRUE), "\n")
