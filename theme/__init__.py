"""The portal's Diazo theme, shipped as ``++theme++sanji``."""
