"""The public site: static HTML pages (FR, NL, EN) generated from the warehouse's views by `incidents site` and by
the nightly flow's `site` stage; `website.build.build_site(db, out)` is the entry point."""
