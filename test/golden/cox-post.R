# Golden fixture for the post-fit Cox quantities (models/survival/cox/cox-residuals.ts,
# cox-zph.ts, cox-survfit.ts, cox-baseline.ts).
#
# Produced with R 4.2.2, survival 3.5-3, jsonlite (Debian r-cran-* packages).
# Tolerances used by the tests (test/models/survival/cox-*.test.ts):
#   residuals, survival curves, basehaz: 1e-6 relative, absolute floor 1e-10
#   cox.zph chisq and p:                 1e-5 relative
# Regenerate (from the repository root):
#   Rscript test/golden/cox-post.R
# which rewrites test/golden/cox-post.json. The tests never call R: they feed
# the stored design matrices, coefficients and variance matrices (R's fit) to
# the TypeScript code and compare with the R results stored beside them.
suppressPackageStartupMessages({
  library(survival)
  library(jsonlite)
})

rd <- function(name) read.csv(file.path("datasets", paste0(name, ".csv")), stringsAsFactors = FALSE)

lung <- rd("lung")
veteran <- rd("veteran")
veteran$celltype <- factor(veteran$celltype, levels = c("squamous", "smallcell", "adeno", "large"))
gbsg <- rd("gbsg")
heart <- rd("heart")
heart$transplant <- factor(heart$transplant)
lungw <- na.omit(lung[, c("time", "status", "age", "sex", "ph.ecog")])
lungw$w <- 1 + (seq_len(nrow(lungw)) %% 3) / 2

# column-major list of a numeric matrix
cols <- function(m) lapply(seq_len(ncol(m)), function(j) unname(as.numeric(m[, j])))
rowmajor <- function(m) as.numeric(t(m))

one <- function(name, fit, newdata, collapse = NULL, weights = NULL) {
  X <- model.matrix(fit)
  y <- fit$y
  ny <- ncol(y)
  strat <- if (is.null(fit$strata)) NULL else as.integer(fit$strata) - 1L
  asgn <- integer(ncol(X))
  tl <- names(fit$assign)
  for (i in seq_along(fit$assign)) asgn[fit$assign[[i]]] <- i - 1L
  out <- list(
    name = name,
    call = paste(deparse(fit$call), collapse = " "),
    ties = fit$method,
    x = cols(X),
    time = unname(as.numeric(y[, ny - 1])),
    status = unname(as.numeric(y[, ny])),
    start = if (ny == 3) unname(as.numeric(y[, 1])) else NULL,
    strata = strat,
    strataLabels = if (is.null(fit$strata)) NULL else levels(fit$strata),
    weights = weights,
    offset = if (is.null(model.offset(model.frame(fit)))) NULL else unname(as.numeric(model.offset(model.frame(fit)))),
    coef = unname(fit$coefficients),
    var = rowmajor(fit$var),
    # robust variance is R's default for non-integer case weights: keep the model-based one too
    naiveVar = if (is.null(fit$naive.var)) NULL else rowmajor(fit$naive.var),
    means = unname(fit$means),
    columnNames = colnames(X),
    assign = asgn,
    termLabels = tl
  )
  res <- list()
  for (type in c("martingale", "deviance")) res[[type]] <- unname(as.numeric(residuals(fit, type = type)))
  for (type in c("score", "dfbeta", "dfbetas")) res[[type]] <- cols(as.matrix(residuals(fit, type = type)))
  sch <- as.matrix(residuals(fit, type = "schoenfeld"))
  res$schoenfeld <- cols(sch)
  res$schoenfeldTime <- as.numeric(rownames(sch))
  res$scaledschoenfeld <- cols(as.matrix(residuals(fit, type = "scaledsch")))
  if (!is.null(collapse)) {
    res$collapse <- collapse
    res$collapsedMartingale <- unname(as.numeric(residuals(fit, type = "martingale", collapse = collapse)))
    res$collapsedDeviance <- unname(as.numeric(residuals(fit, type = "deviance", collapse = collapse)))
    res$collapsedDfbeta <- cols(as.matrix(residuals(fit, type = "dfbeta", collapse = collapse)))
  }
  out$residuals <- res

  zph <- list()
  for (tr in c("km", "rank", "identity")) {
    for (tm in c(TRUE, FALSE)) {
      z <- cox.zph(fit, transform = tr, terms = tm)
      tab <- z$table
      zph[[length(zph) + 1]] <- list(
        transform = tr, terms = tm,
        rows = rownames(tab), chisq = unname(tab[, "chisq"]), df = unname(tab[, "df"]),
        p = unname(tab[, "p"]),
        x = unname(z$x), time = unname(z$time),
        y = cols(unclass(z$y))
      )
    }
  }
  out$zph <- zph

  sf <- survfit(fit, newdata = newdata)
  x2 <- model.matrix(delete.response(terms(fit)), model.frame(delete.response(terms(fit)), newdata,
    xlev = fit$xlevels))[, -1, drop = FALSE]
  if (!is.null(fit$strata)) {
    # model.matrix above drops strata(); keep the design columns only
    x2 <- x2[, colnames(X), drop = FALSE]
  }
  strata2 <- NULL
  if (!is.null(fit$strata)) {
    sv <- attr(terms(fit), "specials")$strata
    svar <- untangle.specials(terms(fit), "strata")$vars
    lab <- paste0(sub("^strata\\((.*)\\)$", "\\1", svar), "=", newdata[[sub("^strata\\((.*)\\)$", "\\1", svar)]])
    strata2 <- match(lab, levels(fit$strata)) - 1L
  }
  curves <- list()
  m <- as.matrix(sf$surv)
  ncurve <- nrow(newdata)
  for (i in seq_len(ncurve)) {
    if (is.null(sf$strata)) {
      idx <- seq_along(sf$time)
      col <- i
    } else {
      # with strata in newdata, survfit returns one curve (column) per row
      ends <- cumsum(sf$strata)
      starts <- c(1, head(ends, -1) + 1)
      idx <- starts[i]:ends[i]
      col <- 1
    }
    g <- function(v) unname(as.numeric(as.matrix(v)[idx, if (ncol(as.matrix(v)) > 1) col else 1]))
    curves[[i]] <- list(
      time = sf$time[idx], nRisk = sf$n.risk[idx], nEvent = sf$n.event[idx], nCensor = sf$n.censor[idx],
      surv = g(sf$surv), cumhaz = g(sf$cumhaz), stdErr = g(sf$std.err),
      lower = g(sf$lower), upper = g(sf$upper)
    )
  }
  noff <- model.offset(model.frame(delete.response(terms(fit)), newdata, xlev = fit$xlevels))
  out$survfit <- list(newX = cols(x2), newStrata = strata2, curves = curves,
    newOffset = if (is.null(noff)) NULL else unname(as.numeric(noff)),
    summaryTimes = c(100, 365, 500))
  # summary(sf, times) for the first curve, to check survivalAt
  st <- summary(sf, times = c(100, 365, 500))
  out$survfit$summaryFirst <- list(time = st$time, surv = unname(as.numeric(as.matrix(st$surv)[, 1])))

  if (!is.null(fit$strata)) {
    # newdata without the strata variable: every row gets a curve in every stratum
    sv <- sub("^strata\\((.*)\\)$", "\\1", untangle.specials(terms(fit), "strata")$vars)
    sfa <- survfit(fit, newdata = newdata[, setdiff(names(newdata), sv), drop = FALSE])
    ends <- cumsum(sfa$strata)
    starts <- c(1, head(ends, -1) + 1)
    all <- list()
    for (i in seq_len(nrow(newdata))) for (s in seq_along(ends)) {
      idx <- starts[s]:ends[s]
      all[[length(all) + 1]] <- list(row = i - 1L, stratum = s - 1L, time = sfa$time[idx],
        surv = unname(sfa$surv[idx, i]), stdErr = unname(sfa$std.err[idx, i]))
    }
    out$survfit$curvesAllStrata <- all
  }
  bh <- basehaz(fit, centered = TRUE)
  bhu <- basehaz(fit, centered = FALSE)
  out$basehaz <- list(
    time = bh$time, hazard = bh$hazard, hazardUncentered = bhu$hazard,
    strata = if (is.null(bh$strata)) NULL else as.integer(bh$strata) - 1L
  )
  out
}

fits <- list()
f <- coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung, ties = "efron", x = TRUE)
fits[[1]] <- one("lung-efron", f, data.frame(age = c(60, 70), sex = c(1, 2), ph.ecog = c(0, 2)))
f <- coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung, ties = "breslow", x = TRUE)
fits[[2]] <- one("lung-breslow", f, data.frame(age = c(60, 70), sex = c(1, 2), ph.ecog = c(0, 2)))
f <- coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lungw, weights = w, ties = "efron", x = TRUE)
fits[[3]] <- one("lung-weighted", f, data.frame(age = c(60, 70), sex = c(1, 2), ph.ecog = c(0, 2)),
  weights = lungw$w)
f <- coxph(Surv(time, status) ~ trt + celltype + karno, data = veteran, x = TRUE)
fits[[4]] <- one("veteran", f, data.frame(trt = c(1, 2, 1), karno = c(60, 80, 40),
  celltype = factor(c("squamous", "adeno", "large"), levels = levels(veteran$celltype))))
f <- coxph(Surv(rfstime, status) ~ age + size + nodes + pgr + hormon + strata(meno), data = gbsg, x = TRUE)
fits[[5]] <- one("gbsg-strata", f, data.frame(age = c(45, 60), size = c(20, 40), nodes = c(2, 8),
  pgr = c(50, 10), hormon = c(0, 1), meno = c(0, 1)))
f <- coxph(Surv(time, status) ~ sex + ph.ecog + offset(log(age)), data = lung, x = TRUE)
fits[[length(fits) + 1]] <- one("lung-offset", f, data.frame(age = c(60, 70), sex = c(1, 2), ph.ecog = c(0, 2)))
f <- coxph(Surv(start, stop, event) ~ age + year + surgery + transplant, data = heart, x = TRUE)
fits[[length(fits) + 1]] <- one("heart-counting", f, data.frame(age = c(-5, 5), year = c(2, 4), surgery = c(0, 1),
  transplant = factor(c("0", "1"), levels = c("0", "1"))), collapse = heart$id)

write_json(list(
  generated = "R 4.2.2, survival 3.5-3: Rscript test/golden/cox-post.R",
  fits = fits
), "test/golden/cox-post.json", digits = NA, auto_unbox = TRUE, null = "null")
