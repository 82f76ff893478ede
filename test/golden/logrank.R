# Golden fixture for the log-rank / G-rho tests (test/models/survival/kaplan-meier/log-rank.test.ts).
# R 4.2.2, survival 3.5-3, jsonlite. Data: datasets/*.csv (exported unchanged from survival 3.5-3).
# Tolerance used by the tests: observed/expected/variance/chisq 1e-6 relative, p-values 1e-5 relative.
# Pairwise tests: survival has no pairwise_survdiff, so each pair is survdiff on the subset of
# the two groups (strata kept), then p.adjust.
# Regenerate from the repository root:  Rscript test/golden/logrank.R   (writes test/golden/logrank.json)
suppressMessages({ library(survival); library(jsonlite) })
rd <- function(name) read.csv(file.path("datasets", paste0(name, ".csv")), stringsAsFactors = FALSE)
lung <- rd("lung"); veteran <- rd("veteran"); gbsg <- rd("gbsg"); ovarian <- rd("ovarian")
one <- function(id, data, formula, rho = 0) {
  d <- get(data)
  s <- survdiff(as.formula(formula), data = d, rho = rho)
  obs <- s$obs; ex <- s$exp
  if (is.matrix(obs)) { obs <- rowSums(obs); ex <- rowSums(ex) }
  list(id = id, data = data, formula = formula, rho = rho, n = as.vector(s$n), labels = names(s$n),
       observed = as.vector(obs), expected = as.vector(ex), variance = unname(s$var),
       chisq = s$chisq, df = length(s$n[ex > 0]) - 1, p = s$pvalue)
}
pairwise <- function(id, data, formula, groupvar, rho = 0) {
  d <- get(data)
  d <- d[!is.na(d[[groupvar]]), ]
  lev <- sort(unique(d[[groupvar]]))
  rows <- list()
  for (i in 1:(length(lev) - 1)) for (j in (i + 1):length(lev)) {
    sub <- d[d[[groupvar]] %in% lev[c(i, j)], ]
    s <- survdiff(as.formula(formula), data = sub, rho = rho)
    rows[[length(rows) + 1]] <- list(group1 = paste0(groupvar, "=", lev[i]), group2 = paste0(groupvar, "=", lev[j]),
                                     chisq = s$chisq, p = s$pvalue)
  }
  p <- sapply(rows, function(r) r$p)
  list(id = id, data = data, formula = formula, rho = rho, pairs = rows,
       holm = p.adjust(p, "holm"), bonferroni = p.adjust(p, "bonferroni"), BH = p.adjust(p, "BH"))
}
tests <- list(
  one("lung-sex", "lung", "Surv(time, status) ~ sex"),
  one("lung-sex-rho1", "lung", "Surv(time, status) ~ sex", rho = 1),
  one("lung-sex-rho0.5", "lung", "Surv(time, status) ~ sex", rho = 0.5),
  one("lung-sex-strata-ecog", "lung", "Surv(time, status) ~ sex + strata(ph.ecog)"),
  one("veteran-celltype", "veteran", "Surv(time, status) ~ celltype"),
  one("veteran-celltype-rho1", "veteran", "Surv(time, status) ~ celltype", rho = 1),
  one("veteran-trt-strata-celltype", "veteran", "Surv(time, status) ~ trt + strata(celltype)"),
  one("veteran-trt-celltype", "veteran", "Surv(time, status) ~ trt + celltype"),
  one("gbsg-grade", "gbsg", "Surv(rfstime, status) ~ grade"),
  one("gbsg-hormon-strata-grade-meno", "gbsg", "Surv(rfstime, status) ~ hormon + strata(grade, meno)"),
  one("ovarian-rx", "ovarian", "Surv(futime, fustat) ~ rx")
)
pairs <- list(
  pairwise("veteran-celltype", "veteran", "Surv(time, status) ~ celltype", "celltype"),
  pairwise("veteran-celltype-rho1", "veteran", "Surv(time, status) ~ celltype", "celltype", rho = 1),
  pairwise("lung-ecog-strata-sex", "lung", "Surv(time, status) ~ ph.ecog + strata(sex)", "ph.ecog"),
  pairwise("gbsg-grade", "gbsg", "Surv(rfstime, status) ~ grade", "grade")
)
write_json(list(tests = tests, pairwise = pairs), "test/golden/logrank.json", digits = NA, auto_unbox = TRUE, null = "null", na = "null")
