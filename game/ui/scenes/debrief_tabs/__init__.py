"""The debrief's steps, one panel object each (`panel.TabPanel`), listed in order by
DebriefScene (game/ui/scenes/debrief.py): each owns its rect, its widgets with their actions,
its painting and its own state. Beside them: the text fields (`writing.Writing`), the export
(`export.Exporter`) and the bottom bar (`frame.BottomBar`), one object each."""
