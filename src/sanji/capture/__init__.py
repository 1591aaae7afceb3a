"""Captured originals (高拍彩扫): pages photographed by the document camera or scanned, per material."""
