"""The debrief: what happened to the household and the town, why, what else could have
happened (counterfactual runs of the same world), the essay's argument tied to the player's
own numbers, discussion questions, sources and a glossary, and a report to hand in.

No pygame in this package: the debrief screen (game/ui/scenes/debrief.py) draws it, the CLI
(`python main.py report SAVE --out DIR`) writes it headless.
"""
