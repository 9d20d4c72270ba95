"""The default file storage: uploads on the local disk, with no public URL.

Every uploaded file (today, project attachments) is private to a partnership, so none may
be reachable at a URL the web server hands out without asking the app. A storage whose
`url()` raises turns a template that forgets this into an error, not a leak. Production
with several app servers swaps it for a shared object store through FILE_STORAGE (see the
README, "Running in production"), where the bucket's own privacy takes this role.
"""

from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files under MEDIA_ROOT that have no public URL: a view that checks access serves them."""

    def url(self, name):
        raise NotImplementedError("Uploaded files are served only by views that check access.")
