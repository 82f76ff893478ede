# Golden fixture for pspline() terms in coxph (models/survival/cox/cox-pspline.ts,
# models/design/pspline-basis.ts).
#
# R 4.2.2, survival 3.5-3, jsonlite. Regenerate from the repository root:
#   Rscript test/golden/cox-pspline.R   # writes test/golden/cox-pspline.json
#
# For each fit: coefficient names and values, the unpenalized log-likelihoods,
# the df of every term (fit$df), the outer / Newton-Raphson iteration counts,
# the theta of the last inner fit (the last row of the df search history; R's
# print shows the next proposal, fit$history[[k]]$theta, which was not fitted),
# the diagonals of var and var2, the rows print(coxph) shows for each term
# (linear: coef, se, se2, Chisq, DF, p; nonlinear: Chisq, DF, p; from the
# term's printfun), the likelihood-ratio test and the concordance.
# Tolerances (test/models/survival/cox/cox-pspline.test.ts): relative 1e-6 for
# coefficients, variances, tests and df; iteration counts exactly.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
stopifnot(packageVersion("survival") == "3.5.3")
rd <- function(name) read.csv(file.path("datasets", paste0(name, ".csv")), stringsAsFactors = FALSE)
lung <- rd("lung"); gbsg <- rd("gbsg"); cgd <- rd("cgd"); pbc <- rd("pbc")

cases <- list(
  list(data = "lung", formula = "Surv(time, status) ~ ph.ecog + pspline(age)"),
  list(data = "lung", formula = "Surv(time, status) ~ pspline(age, df = 3) + pspline(wt.loss)"),
  list(data = "gbsg", formula = "Surv(rfstime, status) ~ pspline(nodes, df = 2) + hormon + strata(grade)", ties = "breslow"),
  list(data = "lung", formula = "Surv(time, status) ~ sex + pspline(age, theta = 0.5)"),
  list(data = "pbc", formula = "Surv(time, status == 2) ~ pspline(bili, df = 5, nterm = 15) + age"),
  list(data = "cgd", formula = "Surv(tstart, tstop, status) ~ treat + pspline(age)")
)

out <- lapply(cases, function(cs) {
  d <- get(cs$data)
  ties <- if (is.null(cs$ties)) "efron" else cs$ties
  fit <- coxph(as.formula(cs$formula), data = d, ties = ties)
  s <- summary(fit)
  pt <- which(fit$pterms > 0)
  rows <- lapply(seq_along(pt), function(k) {
    i <- pt[k]
    kk <- fit$assign2[[i]]
    pf <- fit$printfun[[k]](fit$coefficients[kk], fit$var[kk, kk], fit$var2[kk, kk], fit$df[i], fit$history[[k]])
    h <- fit$history[[k]]$history
    list(term = names(fit$pterms)[i], theta = if (is.null(h)) fit$history[[k]]$theta else h[nrow(h), 1],
         linear = I(unname(pf$coef[1, ])), nonlinear = I(unname(pf$coef[2, 4:6])))
  })
  list(dataset = cs$data, formula = cs$formula, ties = ties, n = fit$n, nevent = fit$nevent,
       names = I(names(coef(fit))), coef = I(unname(coef(fit))),
       loglik = I(fit$loglik), df = I(unname(fit$df)), iter = I(fit$iter),
       varDiag = I(unname(diag(fit$var))), var2Diag = I(unname(diag(fit$var2))),
       lr = I(unname(s$logtest)), concordance = I(unname(s$concordance)),
       penalized = rows)
})
write_json(list(generated = "R 4.2.2, survival 3.5-3: coxph with pspline() (coxpenal.fit, method df or fixed theta)", cases = out),
           "test/golden/cox-pspline.json", digits = NA, auto_unbox = TRUE, pretty = TRUE)
