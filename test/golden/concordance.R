# Golden fixtures for Harrell's concordance (models/survival/concordance/concordance.ts).
#
# R 4.2.2, survival 3.5-3, jsonlite. Regenerate from the repository root with:
#   Rscript test/golden/concordance.R   (writes test/golden/concordance.json)
# Each case is survival::concordance(<formula>, data, ...) with the default
# timewt = "n"; we store the counts, C and sqrt(var) (the infinitesimal
# jackknife standard error). Tolerances in
# test/models/survival/concordance/concordance.test.ts: counts 1e-9 relative, C and its
# std 1e-9 relative.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
stopifnot(packageVersion("survival") == "3.5.3")
rd <- function(name) read.csv(file.path("datasets", paste0(name, ".csv")), stringsAsFactors = FALSE)
lung <- rd("lung")
lung$w_int <- 1 + ((seq_len(nrow(lung)) - 1) %% 3)
heart <- rd("heart")
colon <- rd("colon")
one <- function(name, dataset, formula, weights = NULL, reverse = FALSE, cluster = NULL) {
  data <- get(dataset)
  args <- list(object = as.formula(formula), data = data, reverse = reverse)
  if (!is.null(weights)) args$weights <- data[[weights]]
  if (!is.null(cluster)) args$cluster <- data[[cluster]]
  cf <- do.call(concordance, args)
  cnt <- if (is.matrix(cf$count)) colSums(cf$count) else cf$count
  list(name = name, dataset = dataset, formula = formula, weights = weights, reverse = reverse, cluster = cluster,
       call = paste0("concordance(", formula, ", data = ", dataset,
                     if (!is.null(weights)) paste0(", weights = ", weights) else "",
                     if (reverse) ", reverse = TRUE" else "",
                     if (!is.null(cluster)) paste0(", cluster = ", cluster) else "", ")"),
       n = cf$n, count = unname(cnt), concordance = unname(cf$concordance), std = sqrt(unname(cf$var)))
}
cases <- list(
  one("lung_age", "lung", "Surv(time, status) ~ age"),
  one("lung_karno_reverse", "lung", "Surv(time, status) ~ ph.karno", reverse = TRUE),
  one("lung_ecog_ties", "lung", "Surv(time, status) ~ ph.ecog"),
  one("lung_age_strata", "lung", "Surv(time, status) ~ age + strata(sex)"),
  one("lung_age_weights", "lung", "Surv(time, status) ~ age", weights = "w_int"),
  one("heart_counting", "heart", "Surv(start, stop, event) ~ age"),
  one("colon_cluster", "colon", "Surv(time, status) ~ nodes", cluster = "id")
)
write_json(list(generated = "Rscript test/golden/concordance.R", R = R.version.string,
                survival = as.character(packageVersion("survival")), cases = cases),
           "test/golden/concordance.json", digits = NA, auto_unbox = TRUE, null = "null", na = "null")
cat("wrote test/golden/concordance.json with", length(cases), "cases\n")
