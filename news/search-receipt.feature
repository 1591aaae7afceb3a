A receipt number typed into the site's search box opens its case for whoever may see it (cases are not in the full-text index).
