"""Which history records make up a project's change history.

The reading, diffing and page are lib/history.py's; this only says which records
belong to a project and which bookkeeping fields nobody needs to see.
"""

from qicommons.lib.history import latest

from .models import Attachment, ChangeIdea, Driver, PDSACycle, Project, ProjectMember

HIDDEN = ("order", "file", "content_type", "size", "filename")


def project_records(project: Project) -> list:
    """The newest history records of the project and of its team, diagram, cycles, files."""
    querysets = [Project.history.filter(id=project.pk)] + [
        model.history.filter(project_id=project.pk)
        for model in (ProjectMember, Driver, ChangeIdea, PDSACycle, Attachment)
    ]
    return latest(querysets)
