class RequestAdmissionController: ...


ThrottleManager = RequestAdmissionController
