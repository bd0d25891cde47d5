"""Pelican settings for the published site: absolute URLs and feeds.

The site's public origin comes from the environment variable SITE_URL
(for example https://portico.example.com), so one checkout can publish anywhere.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

SITE_ORIGIN = PUBLIC_URL  # noqa: F405 (pelicanconf reads SITE_URL)
SITEURL = SITE_ORIGIN
THEME_URL = SITE_ORIGIN + "/theme"
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
