# Golden fixture for models/risk/biomarker.ts (added value of a biomarker, screens).
# R 4.2.2, survival 3.5-3, jsonlite. Regenerate from the repo root:
#   Rscript test/golden/risk-metrics-biomarker.R   (writes test/golden/risk-metrics-biomarker.json)
# Tolerances in test/models/risk/biomarker.test.ts: LRT chi-square and p 1e-8 relative
# (both Newton-Raphson fits converge to ~1e-9); Wald coef/se/p and BH q-values 1e-6 relative.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
d <- read.csv("datasets/gbsg.csv")
f0 <- coxph(Surv(rfstime, status) ~ age + size + nodes, data = d)
f1 <- coxph(Surv(rfstime, status) ~ age + size + nodes + pgr + er, data = d)
a <- anova(f0, f1)
cands <- c("age", "size", "nodes", "pgr", "er", "meno", "hormon")
uni <- t(sapply(cands, function(v) summary(coxph(as.formula(paste("Surv(rfstime, status) ~", v)), data = d))$coefficients[1, c(1, 3, 5)]))
adj <- t(sapply(c("pgr", "er", "hormon"), function(v) summary(coxph(as.formula(paste("Surv(rfstime, status) ~", v, "+ age + nodes")), data = d))$coefficients[1, c(1, 3, 5)]))
mv <- summary(coxph(Surv(rfstime, status) ~ age + size + nodes + pgr + er + meno + hormon, data = d))$coefficients[, c(1, 3, 5)]
write_json(list(
  r = R.version.string, survival = as.character(packageVersion("survival")),
  lrt = list(call = "anova(coxph(~ age + size + nodes), coxph(~ age + size + nodes + pgr + er))", chisq = a$Chisq[2], df = a$Df[2], p = a[["Pr(>|Chi|)"]][2]),
  univariable = list(names = cands, coef = uni[, 1], se = uni[, 2], p = uni[, 3], q = p.adjust(uni[, 3], "BH")),
  adjusted = list(names = c("pgr", "er", "hormon"), coef = adj[, 1], se = adj[, 2], p = adj[, 3], q = p.adjust(adj[, 3], "BH")),
  multivariable = list(names = cands, coef = mv[, 1], se = mv[, 2], p = mv[, 3], q = p.adjust(mv[, 3], "BH"))
), "test/golden/risk-metrics-biomarker.json", digits = NA, auto_unbox = TRUE)
