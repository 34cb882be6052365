"""Personas: customers clustered by behaviour and named from a catalogue marketers edit."""

from pipelines.analytics.personas.catalogue import Catalogue, CatalogueError, load_catalogue
from pipelines.analytics.personas.clustering import PersonaResult, assign_personas
from pipelines.analytics.personas.features import category_labels, persona_features

__all__ = [
    "Catalogue",
    "CatalogueError",
    "PersonaResult",
    "assign_personas",
    "category_labels",
    "load_catalogue",
    "persona_features",
]
